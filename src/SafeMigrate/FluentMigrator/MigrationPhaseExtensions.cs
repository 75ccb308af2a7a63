using System.Data;
using FluentMigrator.Builders.Execute;
using FluentMigrator.Expressions;
using FluentMigrator.Infrastructure;

namespace SafeMigrate.FluentMigrator;

/// <summary>
/// Declares the phase of raw SQL, and of C# data fixes, in a FluentMigrator migration:
/// <code>
/// Execute.SqlInExpand("CREATE EXTENSION IF NOT EXISTS pgcrypto", rollbackSql: null);
/// Execute.SqlInContract("DROP FUNCTION legacy_total(int)");
/// Execute.WithConnectionInExpand((connection, transaction) => { /* read, transform, write back */ });
/// Execute.WithConnectionInBatches("orders", (connection, transaction, batch) => { /* the same, WHERE batch.Where */ });
/// </code>
/// A plain <c>Execute.Sql</c> that SafeMigrate cannot classify, and a plain <c>Execute.WithConnection</c>, are refused
/// with this recipe. A plain FluentMigrator run executes each exactly as <c>Execute.Sql</c> / <c>Execute.WithConnection</c>.
/// </summary>
public static class MigrationPhaseExtensions
{
    /// <summary>Runs <paramref name="sql"/> in expand; <paramref name="rollbackSql"/> undoes it on rollback.</summary>
    public static void SqlInExpand(this IExecuteExpressionRoot execute, string sql, string? rollbackSql = null) =>
        Add(execute, new PhasedSqlExpression(sql, DeclaredPhase.Expand, rollbackSql));

    /// <summary>Runs <paramref name="sql"/> in contract, once the old version is gone.</summary>
    public static void SqlInContract(this IExecuteExpressionRoot execute, string sql) =>
        Add(execute, new PhasedSqlExpression(sql, DeclaredPhase.Contract, null));

    /// <summary>
    /// Runs the C# data fix <paramref name="fix"/> in expand, once: in one transaction with the lock timeout that also
    /// records it as done (a resumed run does not run it again; a lock failure rolls it back and runs it again whole).
    /// It must leave rows the old version can still read; rollback does not undo it.
    /// </summary>
    public static void WithConnectionInExpand(this IExecuteExpressionRoot execute, Action<IDbConnection, IDbTransaction> fix) =>
        Add(execute, new PhasedConnectionExpression(fix, DeclaredPhase.Expand));

    /// <summary>Runs the C# data fix <paramref name="fix"/> in contract, once the old version is gone, as <see cref="WithConnectionInExpand"/> runs it.</summary>
    public static void WithConnectionInContract(this IExecuteExpressionRoot execute, Action<IDbConnection, IDbTransaction> fix) =>
        Add(execute, new PhasedConnectionExpression(fix, DeclaredPhase.Contract));

    /// <summary>
    /// Runs the C# data fix <paramref name="fix"/> in expand over <paramref name="table"/>, batch by batch: the runner walks
    /// the table's key (its primary key, or a unique index on NOT NULL columns) in ranges sized to last about 100 ms, and
    /// calls <paramref name="fix"/> once per range, with its connection, the batch's transaction (with the lock timeout)
    /// and the range (<see cref="DataFixBatch.Where"/>). Each batch commits with its checkpoint: a killed run resumes after
    /// the last committed batch and never gives a committed batch to the fix again; a lock failure rolls the batch back
    /// and calls the fix again for the same range. Use it for a fix over many rows of a big table, where the one
    /// transaction of <see cref="WithConnectionInExpand"/> would keep every row it writes locked until it commits. The fix
    /// must handle only the rows of its range, leave rows the old version can still read, and have no effect outside the
    /// transaction; rollback does not undo it. A plain FluentMigrator run calls it once, for the whole table.
    /// </summary>
    /// <param name="table">The table whose rows the fix rewrites, walked in key order.</param>
    /// <param name="schema">The table's schema; null for the default one.</param>
    public static void WithConnectionInBatches(this IExecuteExpressionRoot execute, string table, Action<IDbConnection, IDbTransaction, DataFixBatch> fix, string? schema = null) =>
        Add(execute, new BatchedConnectionExpression(schema, table, fix, DeclaredPhase.Expand));

    /// <summary>Runs the C# data fix <paramref name="fix"/> in contract, once the old version is gone, batch by batch as <see cref="WithConnectionInBatches"/> runs it.</summary>
    public static void WithConnectionInBatchesInContract(this IExecuteExpressionRoot execute, string table, Action<IDbConnection, IDbTransaction, DataFixBatch> fix, string? schema = null) =>
        Add(execute, new BatchedConnectionExpression(schema, table, fix, DeclaredPhase.Contract));

    private static void Add(IExecuteExpressionRoot execute, MigrationExpressionBase expression)
    {
        if (execute is not IMigrationContextAccessor accessor)
        {
            throw new InvalidOperationException("This FluentMigrator version's Execute root does not expose its migration context.");
        }

        accessor.GetMigrationContext().Expressions.Add(expression);
    }
}
