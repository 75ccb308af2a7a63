using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A primary key on an existing table. ADD PRIMARY KEY builds an index and sets NOT NULL with a scan under the
/// strongest lock. Expand builds what can be built apart (PostgreSQL: the unique index, concurrently); contract (the
/// old version may still write NULL until then) makes the columns NOT NULL the safe way and adds the key.
/// </summary>
internal sealed class AddPrimaryKeyOperation(SqlDialect dialect, string? schema, string table, string name, IReadOnlyList<string> columns) : Operation
{
    public override string Description => $"add primary key {dialect.Quote(name)} on {dialect.Table(schema, table)}";

    public override IReadOnlyList<Step> Expand() => dialect.PreparePrimaryKey(schema, table, name, columns);

    public override IReadOnlyList<Step> Contract()
    {
        var steps = columns.SelectMany(column => dialect.SetNotNull(schema, table, column)).ToList();
        steps.Add(dialect.AddPrimaryKey(schema, table, name, columns));
        return steps;
    }

    public override IReadOnlyList<Step> Rollback() => dialect.UndoPreparePrimaryKey(schema, table, name);
}
