using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using SafeMigrate.Backfill;
using SafeMigrate.Errors;
using SafeMigrate.Execution;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// A backfill on a connection of its own, outside a release (the benchmarks and the backfill tests): opens the
/// connection, sets <c>lock_timeout</c> from the request, and hands over to the shared <see cref="BackfillDriver"/>.
/// </summary>
internal static class PostgresBackfill
{
    /// <summary>Checkpoints in <c>safe_migrate.step_state</c>, in the row of step (<paramref name="version"/>, <paramref name="phase"/>, <paramref name="stepIndex"/>).</summary>
    public static StepCheckpointStore Checkpoints(long version, string phase, int stepIndex, string description = "backfill") =>
        new(PostgresStateSchema.Sql, version, phase, stepIndex, description);

    /// <inheritdoc cref="BackfillDriver.RunAsync"/>
    public static async Task<BackfillResult> RunAsync(
        string connectionString, BackfillRequest request, IBackfillCheckpointStore checkpoints, IProgress<BackfillProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(request);
        BackfillDriver.Validate(request, PostgresBackfillSql.Instance);
        NpgsqlConnection connection;
        try
        {
            connection = new NpgsqlConnection(connectionString);
        }
        catch (ArgumentException)
        {
            // The driver's message may quote a value of the connection string: it is not passed on.
            throw new InvalidInputException("The connection string is malformed.");
        }

        await using (connection.ConfigureAwait(false))
        {
            var options = new SafeMigratorOptions { LockTimeout = request.LockTimeout ?? BackfillRequest.DefaultLockTimeout, MaxLockAttempts = request.MaxLockAttempts };
            var driver = new BackfillDriver(connection, PostgresBackfillSql.Instance, PostgresErrors.Instance, new RetryPolicy(options, PostgresErrors.Instance.IsLockFailure));
            try
            {
                await connection.OpenAsync(ct).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT set_config('lock_timeout', $1, false)", connection);
                var milliseconds = Math.Max(1, (long)Math.Ceiling(options.LockTimeout.TotalMilliseconds));
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = milliseconds.ToString(CultureInfo.InvariantCulture) + "ms" });
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (NpgsqlException e) when (!ct.IsCancellationRequested || e.InnerException is not OperationCanceledException)
            {
                throw new DatabaseFailureException(
                    $"The backfill of {PostgresBackfillSql.Instance.Quote(request.Schema, request.Table)} failed: {PostgresErrors.Instance.Describe(e)}; batches already committed stay, and running it again resumes after them.",
                    e);
            }

            return await driver.RunAsync(request, checkpoints, progress, ct).ConfigureAwait(false);
        }
    }
}
