using Npgsql;
using SafeMigrate.Dialects;
using SafeMigrate.Errors;
using SafeMigrate.Rules;
using SafeMigrate.Execution;
using static SafeMigrate.Providers.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// The two step kinds only PostgreSQL plans, both outside any transaction: an idempotent concurrent index build, and
/// the copy of a column's indexes and CHECK constraints onto its replacement (read from the catalog when the step runs).
/// </summary>
internal sealed class PostgresIndexBuilds(NpgsqlConnection connection, SafeMigratorOptions options, RetryPolicy retry)
{
    public Task RunAsync(ConcurrentIndexStep step, CancellationToken ct) =>
        CreateIndexConcurrentlyAsync(step.Schema, step.IndexName, step.CreateSql, step.Description, ct);

    /// <summary>
    /// CREATE INDEX CONCURRENTLY, made idempotent: a valid index of that name means done; an invalid one (a build that
    /// failed or was killed) is dropped concurrently first. lock_timeout is lifted for the build: it waits for every
    /// transaction older than itself (a lock wait on their virtual xids) while holding only SHARE UPDATE EXCLUSIVE,
    /// which the app's reads and writes do not conflict with.
    /// </summary>
    private async Task CreateIndexConcurrentlyAsync(string schema, string indexName, string createSql, string what, CancellationToken ct)
    {
        await retry.RunAsync(what, async () =>
        {
            var valid = await IndexValidityAsync(schema, indexName, ct).ConfigureAwait(false);
            if (valid is true)
            {
                return;
            }

            if (valid is false)
            {
                await ExecuteAsync(ColumnCopySql.DropInvalidIndex(schema, indexName), null, ct).ConfigureAwait(false);
            }

            await ExecuteAsync("SET lock_timeout = 0", null, ct).ConfigureAwait(false);
            try
            {
                await ExecuteAsync(createSql, null, ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (!PostgresErrors.Instance.IsLockFailure(e))
            {
                // A failed concurrent build (duplicates for a unique index, say) leaves an INVALID index that would
                // still slow every write down: remove it before reporting.
                await ExecuteAsync(ColumnCopySql.DropInvalidIndex(schema, indexName), null, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            finally
            {
                await ExecuteAsync($"SET lock_timeout = {(long)options.LockTimeout.TotalMilliseconds}", null, CancellationToken.None).ConfigureAwait(false);
            }
        }, ct).ConfigureAwait(false);
    }

    private async Task<bool?> IndexValidityAsync(string schema, string indexName, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relname = @name",
            connection);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("name", indexName);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as bool?;
    }

    /// <summary>
    /// The copies of <see cref="CopyColumnIndexesStep.FromColumn"/>'s indexes and CHECK constraints, written from the
    /// catalog now (<see cref="ColumnCopyProbe"/>): each index built concurrently, each check added NOT VALID and, when
    /// the original is validated, validated. Every part is idempotent, so a resumed step finishes the others. What cannot
    /// be copied was refused at plan time; found only now (the catalog changed since), it stops the step with the reason.
    /// </summary>
    public async Task RunAsync(CopyColumnIndexesStep step, CancellationToken ct)
    {
        var copies = await retry.RunAsync(step.Description, () =>
            ColumnCopyProbe.ReadAsync(connection, step.Schema, step.Relation, step.FromColumn, step.ToColumn, step.Retyped, null, ct), ct).ConfigureAwait(false);
        if (copies.Problem is { } problem)
        {
            throw new RefusedException(
                $"{step.Description}: {problem}. Nothing of this step was created; roll the release back (dotnet safe-migrate rollback) and see docs/rules/{RuleIds.UncopiableColumnDependent}.md.");
        }

        foreach (var index in copies.Indexes)
        {
            var copyName = SafeMigrateNames.For("ix", step.Schema, step.Relation, index.OriginalName, step.ToColumn);
            var sql = ColumnCopySql.CreateIndexCopy(step.Schema, step.Relation, copyName, index.Unique, index.Body);
            await CreateIndexConcurrentlyAsync(step.Schema, copyName, sql, $"copy of index {index.OriginalName}", ct).ConfigureAwait(false);
            await ExecuteAsync(ColumnCopySql.CommentIndexCopy(step.Schema, copyName, ColumnCopySql.Note(index.Kind, step.FromColumn, index.OriginalName, index.ConstraintOptions)), null, ct).ConfigureAwait(false);
        }

        foreach (var check in copies.Checks)
        {
            var copyName = SafeMigrateNames.For("ck", step.Schema, step.Relation, check.OriginalName, step.ToColumn);
            var note = ColumnCopySql.Note(check.Validated ? 'c' : 'k', step.FromColumn, check.OriginalName);
            await retry.RunAsync($"copy of CHECK constraint {check.OriginalName}", () =>
                ExecuteAsync(ColumnCopySql.AddCheckCopy(step.Schema, step.Relation, copyName, check.Definition, note), null, ct), ct).ConfigureAwait(false);
            if (check.Validated)
            {
                await retry.RunAsync($"validation of the copy of CHECK constraint {check.OriginalName}", () =>
                    ExecuteAsync(ColumnCopySql.ValidateCheckCopy(step.Schema, step.Relation, copyName), null, ct), ct).ConfigureAwait(false);
            }
        }
    }

    private async Task ExecuteAsync(string sql, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
