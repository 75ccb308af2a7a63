using System.Data.Common;
using SafeMigrate.Connections;
using SafeMigrate.Errors;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Loading;
using SafeMigrate.State;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>Reads where each migration stands on SQL Server (<c>[dbo].[VersionInfo]</c>, <c>[safe_migrate].[migration_state]</c>); reads only, creates nothing.</summary>
public static class SqlServerStatusReader
{
    /// <param name="migrations">The assembly's migrations, or null to list only what the database knows.</param>
    public static async Task<IReadOnlyList<MigrationStatus>> ReadAsync(
        string connectionString, IReadOnlyList<MigrationDescriptor>? migrations, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqlServerConnections.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadAsync(connection, migrations, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new DatabaseFailureException(
                $"Reading migration state failed: {ConnectionStrings.RedactSecrets(e.Message, connectionString)}", e);
        }
    }

    public static async Task<IReadOnlyList<MigrationStatus>> ReadAsync(
        DbConnection connection, IReadOnlyList<MigrationDescriptor>? migrations, CancellationToken cancellationToken = default)
    {
        var applied = await SqlServerVersionInfoTable.ReadAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
        var store = new SqlServerStepStateStore(connection);
        var states = await store.ExistsAsync(cancellationToken).ConfigureAwait(false)
            ? await store.ReadStatesAsync(cancellationToken).ConfigureAwait(false)
            : new Dictionary<long, (string, MigrationPhase)>();
        return MigrationStatuses.Merge(migrations, applied, states);
    }
}
