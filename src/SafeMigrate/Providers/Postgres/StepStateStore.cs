using Npgsql;
using SafeMigrate.State;

namespace SafeMigrate.Providers.Postgres;

/// <summary>Reads and writes <c>safe_migrate.migration_state</c> and <c>safe_migrate.step_state</c>.</summary>
public sealed class StepStateStore(NpgsqlConnection connection)
{
    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(PostgresStateSchema.CreateSql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<long, MigrationPhase>> ReadPhasesAsync(CancellationToken ct)
    {
        var result = new Dictionary<long, MigrationPhase>();
        await using var command = new NpgsqlCommand("SELECT version, phase FROM safe_migrate.migration_state", connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result[reader.GetInt64(0)] = MigrationPhases.Parse(reader.GetString(1));
        }

        return result;
    }

    public async Task SetPhaseAsync(long version, string description, MigrationPhase phase, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO safe_migrate.migration_state (version, description, phase) VALUES (@version, @description, @phase)
            ON CONFLICT (version) DO UPDATE SET phase = excluded.phase, description = excluded.description, updated_at = now()
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("description", description);
        command.Parameters.AddWithValue("phase", phase.ToName());
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task BeginExpandAsync(long version, string description, string expandRecord, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(PostgresStateSchema.BeginExpandSql, connection);
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("description", description);
        command.Parameters.AddWithValue("record", expandRecord);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<string?> ReadExpandRecordAsync(long version, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(PostgresStateSchema.ReadExpandRecordSql, connection);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }

    public async Task<IReadOnlySet<int>> ReadStartedStepsAsync(long version, string phase, CancellationToken ct)
    {
        var result = new HashSet<int>();
        await using var command = new NpgsqlCommand(PostgresStateSchema.ReadStartedStepsSql, connection);
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("phase", phase);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add(reader.GetInt32(0));
        }

        return result;
    }

    /// <summary>Forgets a rolled-back migration: it is pending again, and a new expand starts from its first step.</summary>
    public async Task ForgetAsync(long version, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "DELETE FROM safe_migrate.step_state WHERE version = @version; DELETE FROM safe_migrate.migration_state WHERE version = @version;",
            connection,
            transaction);
        command.Parameters.AddWithValue("version", version);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Forgets the steps of one phase (a new rollback after a completed one starts from its first step).</summary>
    public async Task ClearStepsAsync(long version, string phase, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("DELETE FROM safe_migrate.step_state WHERE version = @version AND phase = @phase", connection);
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("phase", phase);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<bool> IsDoneAsync(long version, string phase, int index, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT status = 'done' FROM safe_migrate.step_state WHERE version = @version AND phase = @phase AND step_index = @index", connection);
        AddKey(command, version, phase, index);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
    }

    public Task MarkRunningAsync(long version, string phase, int index, string description, CancellationToken ct) =>
        MarkAsync(version, phase, index, description, "running", null, ct);

    public Task MarkDoneAsync(long version, string phase, int index, string description, NpgsqlTransaction? transaction, CancellationToken ct) =>
        MarkAsync(version, phase, index, description, "done", transaction, ct);

    private async Task MarkAsync(long version, string phase, int index, string description, string status, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO safe_migrate.step_state (version, phase, step_index, description, status) VALUES (@version, @phase, @index, @description, @status)
            ON CONFLICT (version, phase, step_index) DO UPDATE SET status = excluded.status, updated_at = now()
            """,
            connection,
            transaction);
        AddKey(command, version, phase, index);
        command.Parameters.AddWithValue("description", description);
        command.Parameters.AddWithValue("status", status);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static void AddKey(NpgsqlCommand command, long version, string phase, int index)
    {
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("phase", phase);
        command.Parameters.AddWithValue("index", index);
    }
}
