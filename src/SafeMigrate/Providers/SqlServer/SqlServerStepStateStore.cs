using System.Data.Common;
using SafeMigrate.State;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>Reads and writes <c>[safe_migrate].[migration_state]</c> and <c>[safe_migrate].[step_state]</c> on SQL Server.</summary>
public sealed class SqlServerStepStateStore(DbConnection connection)
{
    public Task EnsureSchemaAsync(CancellationToken ct) => connection.ExecuteAsync(SqlServerStateSchema.CreateSql, null, ct);

    public async Task<IReadOnlyDictionary<long, MigrationPhase>> ReadPhasesAsync(CancellationToken ct)
    {
        var result = new Dictionary<long, MigrationPhase>();
        await using var command = connection.CreateCommand();
        command.CommandText = SqlServerStateSchema.ReadPhasesSql;
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result[reader.GetInt64(0)] = MigrationPhases.Parse(reader.GetString(1));
        }

        return result;
    }

    /// <summary>Whether the state tables exist: commands that only read (plan, status) create nothing.</summary>
    public async Task<bool> ExistsAsync(CancellationToken ct)
    {
        await using var command = connection.Command(SqlServerStateSchema.MigrationStateExistsSql, null, []);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>Each migration's description and phase, for <c>status</c>.</summary>
    public async Task<IReadOnlyDictionary<long, (string Description, MigrationPhase Phase)>> ReadStatesAsync(CancellationToken ct)
    {
        var result = new Dictionary<long, (string, MigrationPhase)>();
        await using var command = connection.Command(SqlServerStateSchema.ReadStatesSql, null, []);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result[reader.GetInt64(0)] = (reader.GetString(1), MigrationPhases.Parse(reader.GetString(2)));
        }

        return result;
    }

    /// <summary>Forgets a rolled-back migration inside <paramref name="transaction"/>, with its VersionInfo row.</summary>
    public Task ForgetAsync(long version, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(SqlServerStateSchema.ForgetSql, transaction, ct, ("version", version));

    public Task SetPhaseAsync(long version, string description, MigrationPhase phase, DbTransaction? transaction, CancellationToken ct) =>
        connection.ExecuteAsync(SqlServerStateSchema.SetPhaseSql, transaction, ct, ("version", version), ("description", description), ("phase", phase.ToName()));

    public Task BeginExpandAsync(long version, string description, string expandRecord, CancellationToken ct) =>
        connection.ExecuteAsync(SqlServerStateSchema.BeginExpandSql, null, ct, ("version", version), ("description", description), ("record", expandRecord));

    public async Task<string?> ReadExpandRecordAsync(long version, CancellationToken ct)
    {
        await using var command = connection.Command(SqlServerStateSchema.ReadExpandRecordSql, null, [("version", version)]);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }

    public async Task<IReadOnlySet<int>> ReadStartedStepsAsync(long version, string phase, CancellationToken ct)
    {
        var result = new HashSet<int>();
        await using var command = connection.Command(SqlServerStateSchema.ReadStartedStepsSql, null, [("version", version), ("phase", phase)]);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return result;
    }

    public async Task<bool> IsDoneAsync(long version, string phase, int index, CancellationToken ct)
    {
        await using var command = connection.Command(SqlServerStateSchema.IsDoneSql, null, [("version", version), ("phase", phase), ("index", index)]);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false) ?? 0, System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    public Task MarkRunningAsync(long version, string phase, int index, string description, CancellationToken ct) =>
        MarkAsync(version, phase, index, description, "running", null, ct);

    public Task MarkDoneAsync(long version, string phase, int index, string description, DbTransaction? transaction, CancellationToken ct) =>
        MarkAsync(version, phase, index, description, "done", transaction, ct);

    public async Task<string?> LoadCheckpointAsync(long version, string phase, int index, CancellationToken ct)
    {
        await using var command = connection.Command(SqlServerStateSchema.LoadCheckpointSql, null, [("version", version), ("phase", phase), ("index", index)]);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }

    public Task SaveCheckpointAsync(long version, string phase, int index, string description, string checkpoint, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(SqlServerStateSchema.SaveCheckpointSql, transaction, ct, ("version", version), ("phase", phase), ("index", index), ("description", description), ("checkpoint", checkpoint));

    private Task MarkAsync(long version, string phase, int index, string description, string status, DbTransaction? transaction, CancellationToken ct) =>
        connection.ExecuteAsync(SqlServerStateSchema.MarkStepSql, transaction, ct, ("version", version), ("phase", phase), ("index", index), ("description", description), ("status", status));
}
