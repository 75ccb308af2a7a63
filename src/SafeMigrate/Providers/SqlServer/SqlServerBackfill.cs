using System.Data.Common;
using System.Text.Json;
using SafeMigrate.Errors;
using SafeMigrate.Planning;
using SafeMigrate.Execution;
using SafeMigrate.Steps;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// A batched, resumable backfill on SQL Server: key-range batches of at most <see cref="SqlServerBackfillStatements.MaxBatchSize"/>
/// rows, each in its own transaction together with its checkpoint, so a killed run resumes after the last committed batch.
/// </summary>
internal sealed class SqlServerBackfill(
    DbConnection connection, SqlServerStepStateStore state, SafeMigratorOptions options, Func<Exception, bool> isLockFailure, Func<TimeSpan, CancellationToken, Task> delay)
{
    private sealed record Checkpoint(string? Max, string? Last, long Rows, int Batches, bool Done);

    public async Task RunAsync(long version, string phase, int index, BackfillStep step, CancellationToken ct)
    {
        var request = step.Request;
        var (keyColumn, _, keyType) = await ReadKeyAsync(request.Schema, request.Table, ct).ConfigureAwait(false);
        var statements = new SqlServerBackfillStatements(request, keyColumn, keyType);
        var batchSize = Math.Clamp(options.BatchSize, 1, SqlServerBackfillStatements.MaxBatchSize);

        var stored = await state.LoadCheckpointAsync(version, phase, index, ct).ConfigureAwait(false);
        var checkpoint = stored is null ? null : JsonSerializer.Deserialize<Checkpoint>(stored);
        checkpoint ??= new Checkpoint(await ScalarAsync(statements.MaxKeySql, null, ct).ConfigureAwait(false) as string, null, 0, 0, false);

        while (!checkpoint.Done && checkpoint.Max is not null)
        {
            ct.ThrowIfCancellationRequested();
            var current = checkpoint;
            var executor = new SqlServerStepExecutor(connection, state, options, isLockFailure, delay);
            await executor.WithRetryAsync(step.Description, async () =>
            {
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                try
                {
                    var upper = await ScalarAsync(
                        current.Last is null ? statements.FirstUpperSql : statements.NextUpperSql,
                        transaction,
                        ct,
                        ("batch_size", batchSize),
                        ("max", current.Max!),
                        ("from", (object?)current.Last ?? DBNull.Value)).ConfigureAwait(false) as string;
                    Checkpoint next;
                    if (upper is null)
                    {
                        next = current with { Done = true };
                    }
                    else
                    {
                        var rows = await NonQueryAsync(
                            current.Last is null ? statements.FirstUpdateSql : statements.NextUpdateSql,
                            transaction,
                            ct,
                            ("upper", upper),
                            ("from", (object?)current.Last ?? DBNull.Value)).ConfigureAwait(false);
                        next = current with { Last = upper, Rows = current.Rows + rows, Batches = current.Batches + 1, Done = upper == current.Max };
                    }

                    await state.SaveCheckpointAsync(version, phase, index, step.Description, JsonSerializer.Serialize(next), transaction, ct).ConfigureAwait(false);
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    checkpoint = next;
                }
                catch (Exception e) when (isLockFailure(e))
                {
                    // 1222 does not roll the transaction back: do it before waiting, so the batch's locks go now.
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }, ct).ConfigureAwait(false);

            if (options.DelayBetweenBatches > TimeSpan.Zero)
            {
                await delay(options.DelayBetweenBatches, ct).ConfigureAwait(false);
            }
        }

        options.Log?.Invoke($"  {checkpoint.Rows} row(s) updated in {checkpoint.Batches} batch(es)");
    }

    private async Task<(string Column, string TypeName, string Type)> ReadKeyAsync(string schema, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SqlServerBackfillStatements.KeySql(schema, table);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            throw new InvalidInputException(
                $"Cannot backfill [{schema}].[{table}] in batches on SQL Server: it needs a primary key (or unique index) of one NOT NULL column. Composite keys are not supported on SQL Server yet.");
        }

        var (column, typeName, type) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
        if (!SqlServerBackfillStatements.KeyTypes.Contains(typeName))
        {
            throw new InvalidInputException(
                $"Cannot backfill [{schema}].[{table}] in batches on SQL Server: its key [{column}] is of type {typeName}; integer, character and uniqueidentifier keys are supported.");
        }

        return (column, typeName, type);
    }

    // Batches may wait for their row locks: LOCK_TIMEOUT bounds that wait, so no client-side command timeout.
    private async Task<object?> ScalarAsync(string sql, DbTransaction? transaction, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters, commandTimeout: 0);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private async Task<int> NonQueryAsync(string sql, DbTransaction transaction, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters, commandTimeout: 0);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
