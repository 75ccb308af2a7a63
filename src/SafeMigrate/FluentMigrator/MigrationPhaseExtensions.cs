using FluentMigrator.Builders.Execute;
using FluentMigrator.Infrastructure;

namespace SafeMigrate.FluentMigrator;

/// <summary>
/// Declares the phase of raw SQL in a FluentMigrator migration:
/// <code>
/// Execute.SqlInExpand("CREATE EXTENSION IF NOT EXISTS pgcrypto", rollbackSql: null);
/// Execute.SqlInContract("DROP FUNCTION legacy_total(int)");
/// </code>
/// A plain <c>Execute.Sql</c> that SafeMigrate cannot classify is refused with this recipe.
/// </summary>
public static class MigrationPhaseExtensions
{
    /// <summary>Runs <paramref name="sql"/> in expand; <paramref name="rollbackSql"/> undoes it on rollback.</summary>
    public static void SqlInExpand(this IExecuteExpressionRoot execute, string sql, string? rollbackSql = null) =>
        Add(execute, new PhasedSqlExpression(sql, DeclaredPhase.Expand, rollbackSql));

    /// <summary>Runs <paramref name="sql"/> in contract, once the old version is gone.</summary>
    public static void SqlInContract(this IExecuteExpressionRoot execute, string sql) =>
        Add(execute, new PhasedSqlExpression(sql, DeclaredPhase.Contract, null));

    private static void Add(IExecuteExpressionRoot execute, PhasedSqlExpression expression)
    {
        if (execute is not IMigrationContextAccessor accessor)
        {
            throw new InvalidOperationException("This FluentMigrator version's Execute root does not expose its migration context.");
        }

        accessor.GetMigrationContext().Expressions.Add(expression);
    }
}
