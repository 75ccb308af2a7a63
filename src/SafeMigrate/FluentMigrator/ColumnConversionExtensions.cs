using FluentMigrator.Builders.Execute;
using FluentMigrator.Infrastructure;

namespace SafeMigrate.FluentMigrator;

/// <summary>
/// A type change with an explicit conversion, on PostgreSQL:
/// <code>
/// Execute.ConvertColumn("ImportListExclusions", "TvdbId", "integer", usingExpression: "\"TvdbId\"::integer");
/// </code>
/// A plain FluentMigrator run executes <c>ALTER TABLE … ALTER COLUMN … TYPE … USING …</c> (a rewrite under ACCESS
/// EXCLUSIVE). SafeMigrate adds a shadow column of the new type that a trigger keeps equal to the expression over each
/// written row, fills it in batches, copies the column's indexes and constraints, and swaps the two at contract.
/// </summary>
public static class ColumnConversionExtensions
{
    /// <param name="newType">The new type as PostgreSQL spells it.</param>
    /// <param name="usingExpression">The new value, an expression over the row's columns; it must not fail on any value the old version may write.</param>
    /// <param name="schema">The table's schema; null for the search path's.</param>
    public static void ConvertColumn(this IExecuteExpressionRoot execute, string table, string column, string newType, string usingExpression, string? schema = null)
    {
        if (execute is not IMigrationContextAccessor accessor)
        {
            throw new InvalidOperationException("This FluentMigrator version's Execute root does not expose its migration context.");
        }

        accessor.GetMigrationContext().Expressions.Add(new ColumnConversionExpression(schema, table, column, newType, usingExpression));
    }
}
