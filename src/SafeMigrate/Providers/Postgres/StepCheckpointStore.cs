using Npgsql;
using NpgsqlTypes;
using SafeMigrate.State;
using SafeMigrate.Backfill;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Keeps a backfill's checkpoint in <c>safe_migrate.step_state.checkpoint</c>, the row of one migration step
/// (version, phase, step index), marked <c>running</c>. Marking the step <c>done</c> is the executor's business.
/// </summary>
public sealed class StepCheckpointStore : IBackfillCheckpointStore
{
    private static readonly string[] Phases = ["expand", "contract", "rollback"];

    private readonly string _connectionString;
    private readonly long _version;
    private readonly string _phase;
    private readonly int _stepIndex;
    private readonly string _description;
    private bool _schemaKnownToExist;

    /// <param name="connectionString">The target database.</param>
    /// <param name="version">The migration's version.</param>
    /// <param name="phase"><c>expand</c>, <c>contract</c> or <c>rollback</c>.</param>
    /// <param name="stepIndex">The step's index in its phase.</param>
    /// <param name="description">Written when the step's row does not exist yet; an existing row keeps its own.</param>
    public StepCheckpointStore(string connectionString, long version, string phase, int stepIndex, string description = "backfill")
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        if (!Phases.Contains(phase, StringComparer.Ordinal))
        {
            throw new ArgumentException($"The phase must be one of {string.Join(", ", Phases)}, not '{phase}'.", nameof(phase));
        }

        _connectionString = connectionString;
        _version = version;
        _phase = phase;
        _stepIndex = stepIndex;
        _description = description;
    }

    public async Task<string?> LoadAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        if (!await StateTableExistsAsync(connection, null, ct).ConfigureAwait(false))
        {
            return null;
        }

        await using var command = new NpgsqlCommand(
            $"SELECT checkpoint FROM {PostgresStateSchema.StepStateTable} WHERE version = $1 AND phase = $2 AND step_index = $3",
            connection);
        AddKey(command);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value as string;
    }

    public async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string checkpoint, CancellationToken ct)
    {
        if (!_schemaKnownToExist)
        {
            // CREATE SCHEMA IF NOT EXISTS still needs CREATE on the database even when the schema exists, so it runs
            // only when the table is really missing; inside the batch's transaction, it commits with the first batch.
            if (!await StateTableExistsAsync(connection, transaction, ct).ConfigureAwait(false))
            {
                await using var create = new NpgsqlCommand(PostgresStateSchema.CreateSql, connection, transaction);
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            _schemaKnownToExist = true;
        }

        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {PostgresStateSchema.StepStateTable} AS s (version, phase, step_index, description, status, checkpoint)
            VALUES ($1, $2, $3, $4, 'running', $5)
            ON CONFLICT (version, phase, step_index)
            DO UPDATE SET status = 'running', checkpoint = EXCLUDED.checkpoint, updated_at = now()
            """,
            connection,
            transaction);
        AddKey(command);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = _description });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = checkpoint });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private void AddKey(NpgsqlCommand command)
    {
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = _version });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = _phase });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = _stepIndex });
    }

    private static async Task<bool> StateTableExistsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = PostgresStateSchema.StepStateTable });
        return (bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }
}
