using System.Data.Common;
using SafeMigrate.Connections;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.State;

namespace SafeMigrate;

/// <summary>
/// What a running app instance does against its database (for SafeMigrate.Hosting): beat its heartbeat, leave on a
/// clean stop, and read where the migrations stand. Each call takes one pooled connection as the app opens it; none
/// takes the migration lock, so an instance never waits on a release in progress to say it is alive.
/// </summary>
internal sealed class AppInstances
{
    private readonly IReleaseDatabase _database;
    private readonly string _connectionString;

    public AppInstances(string connectionString, DatabaseProvider provider)
        : this(provider == DatabaseProvider.SqlServer ? new SqlServerReleaseDatabase(connectionString) : new PostgresReleaseDatabase(connectionString), connectionString)
    {
    }

    internal AppInstances(IReleaseDatabase database, string connectionString)
    {
        _database = database;
        _connectionString = connectionString;
    }

    /// <summary>
    /// Records one beat; the first creates the heartbeat table when no SafeMigrate run has yet (the app's login needs
    /// the right to create it then; once it exists, any login may beat).
    /// </summary>
    /// <exception cref="DatabaseFailureException">The beat could not be written (the reason, without secrets).</exception>
    public Task BeatAsync(AppInstanceBeat beat, CancellationToken ct) =>
        WithStoreAsync("write the heartbeat", async store =>
        {
            if (!await store.ExistsAsync(ct).ConfigureAwait(false))
            {
                await store.CreateAsync(ct).ConfigureAwait(false);
            }

            await store.BeatAsync(beat, ct).ConfigureAwait(false);
        }, ct);

    /// <summary>Forgets instances whose beat expired a day ago (killed without a clean stop): run once per instance start.</summary>
    public Task PruneAsync(CancellationToken ct) =>
        WithStoreAsync("prune expired heartbeats", async store =>
        {
            if (await store.ExistsAsync(ct).ConfigureAwait(false))
            {
                await store.PruneAsync(ct).ConfigureAwait(false);
            }
        }, ct);

    /// <summary>Removes the instance's heartbeat: contract stops waiting for it at once.</summary>
    public Task LeaveAsync(string instanceId, CancellationToken ct) =>
        WithStoreAsync("remove the heartbeat", async store =>
        {
            if (await store.ExistsAsync(ct).ConfigureAwait(false))
            {
                await store.LeaveAsync(instanceId, ct).ConfigureAwait(false);
            }
        }, ct);

    /// <summary>Every migration the database knows and its phase (SafeMigrate's state merged with VersionInfo), creating nothing.</summary>
    public async Task<IReadOnlyList<MigrationStatus>> ReadMigrationsAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await _database.OpenAppConnectionAsync(ct).ConfigureAwait(false);
            return await new StateStore(connection, _database.StateSql).ReadStatusesAsync(null, ct).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new DatabaseFailureException($"Cannot read the migration state: {ConnectionStrings.RedactSecrets(e.Message, _connectionString)}", e);
        }
    }

    private async Task WithStoreAsync(string what, Func<HeartbeatStore, Task> action, CancellationToken ct)
    {
        try
        {
            await using var connection = await _database.OpenAppConnectionAsync(ct).ConfigureAwait(false);
            await action(new HeartbeatStore(connection, _database.StateSql.Heartbeats)).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new DatabaseFailureException($"Cannot {what}: {ConnectionStrings.RedactSecrets(e.Message, _connectionString)}", e);
        }
    }
}
