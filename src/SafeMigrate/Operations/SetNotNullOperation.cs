using SafeMigrate.Backfill;
using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// <c>Alter.Column(..).NotNullable()</c> on an existing column: the old version may still write NULL, and a plain
/// NOT NULL scans the table under the strongest lock. Nothing happens in expand; contract first fills the NULLs when
/// the release gave a value (<c>SetExistingRowsTo</c>, an all-rows update), then sets NOT NULL the server's safe way.
/// </summary>
internal sealed class SetNotNullOperation(SqlDialect dialect, string? schema, string table, string column, string alterSql, BackfillRequest? fillNulls) : Operation
{
    public override string Description => $"set {dialect.Table(schema, table)}.{dialect.Quote(column)} NOT NULL";

    public override IReadOnlyList<Step> Contract()
    {
        var steps = new List<Step>();
        if (fillNulls is not null)
        {
            steps.Add(new BackfillStep($"fill {dialect.Quote(column)} where the old version left it NULL", fillNulls with { Predicate = $"{dialect.Quote(column)} IS NULL" }));
        }

        steps.AddRange(dialect.SetNotNull(schema, table, column, alterSql));
        return steps;
    }
}
