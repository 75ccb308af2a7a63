using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A dropped index: the old version's queries may rely on it, so it goes in contract, in the form that queues the
/// fewest queries (PostgreSQL <c>DROP INDEX CONCURRENTLY</c>; SQL Server a short Sch-M under LOCK_TIMEOUT).
/// </summary>
internal sealed class DropIndexOperation(SqlDialect dialect, string? schema, string table, string indexName) : Operation
{
    public override string Description => $"drop index {dialect.Quote(dialect.SchemaOrDefault(schema))}.{dialect.Quote(indexName)}";

    public override IReadOnlyList<Step> Contract() => [dialect.DropIndex(Description, schema, table, indexName)];
}
