using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>
/// A new index, built with <c>CREATE INDEX CONCURRENTLY</c> outside any transaction: a plain build holds a SHARE lock
/// that blocks every write for the whole build. Unique indexes fail on duplicates and leave an invalid index, which
/// the executor removes. Rollback drops it concurrently.
/// </summary>
public sealed class CreateIndexOperation(string? schema, string table, string indexName, string createConcurrentlySql) : Operation
{
    public override string Description => $"create index {Quote(indexName)} on {Table(schema, table)} (concurrently)";

    public override IReadOnlyList<Step> Expand() => [new ConcurrentIndexStep(Description, SchemaOrDefault(schema), indexName, createConcurrentlySql)];

    public override IReadOnlyList<Step> Rollback() =>
        [new SqlStep($"drop index {Quote(indexName)} (concurrently)", $"DROP INDEX CONCURRENTLY IF EXISTS {Quote(SchemaOrDefault(schema))}.{Quote(indexName)}", Transactional: false)];
}
