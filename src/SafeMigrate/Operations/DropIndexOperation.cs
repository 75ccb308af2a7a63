using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>
/// A dropped index: the old version's queries may rely on it, so it goes in contract, with <c>DROP INDEX CONCURRENTLY</c>
/// (a plain DROP INDEX takes ACCESS EXCLUSIVE on the table and queues every query behind it).
/// </summary>
public sealed class DropIndexOperation(string? schema, string indexName) : Operation
{
    public override string Description => $"drop index {Quote(SchemaOrDefault(schema))}.{Quote(indexName)} (concurrently)";

    public override IReadOnlyList<Step> Contract() =>
        [new SqlStep(Description, $"DROP INDEX CONCURRENTLY IF EXISTS {Quote(SchemaOrDefault(schema))}.{Quote(indexName)}", Transactional: false)];
}
