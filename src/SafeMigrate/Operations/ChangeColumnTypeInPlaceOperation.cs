using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A type change the server makes in the catalog only (PostgreSQL: binary-coercible widenings, and timestamp →
/// timestamptz under a UTC session on 12+): one short <c>ALTER COLUMN … TYPE</c> in expand, so both versions write the
/// wider values at once and no value goes through the old type. Nullability and defaults are separate operations
/// (NOT NULL still waits for contract). Rollback leaves the wider type: narrowing back could fail on a value written
/// meanwhile or rewrite the table, and the old version reads and writes the wider type as it did the old one.
/// </summary>
/// <param name="reason">Why the server needs no rewrite (printed in the plan).</param>
/// <param name="thenSql">
/// FluentMigrator's ALTER COLUMN when it only loosens nullability or sets a default, run in the same step (now a no-op
/// on the type): a resumed expand plans against the catalog this step changed, where the type change is gone, so
/// nothing of the migration may be left for a later step of this one.
/// </param>
internal sealed class ChangeColumnTypeInPlaceOperation(
    SqlDialect dialect, string? schema, string table, string column, string currentType, string newType, string reason, string? thenSql) : Operation
{
    public override string Description => $"change the type of {dialect.Table(schema, table)}.{dialect.Quote(column)} from {currentType} to {newType} in place";

    public override IReadOnlyList<Step> Expand()
    {
        var step = dialect.ChangeColumnTypeInExpand($"{Description} ({reason}; ACCESS EXCLUSIVE for a moment)", schema, table, column, currentType, newType);
        return thenSql is null || step is not SqlStep sql
            ? [step]
            : [sql with { Description = sql.Description + ", then FluentMigrator's ALTER COLUMN for nullability and default (no-op on the type)", Statement = sql.Statement.TrimEnd() + "\n" + thenSql.TrimEnd(';') + ";" }];
    }
}
