using SafeMigrate.Dialects.Postgres;
using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>
/// A dropped column: the old version still reads and writes it, so it is dropped in contract. In expand a NOT NULL
/// column without default becomes nullable, so that the new version's inserts, which omit it, succeed. Rollback leaves
/// it nullable (making it NOT NULL again would need a validated scan; the old version never writes NULL into it).
/// </summary>
public sealed class DropColumnOperation(string? schema, string table, string column, string dropSql) : Operation
{
    public override string Description => $"drop column {Table(schema, table)}.{Quote(column)}";

    public override IReadOnlyList<Step> Expand() =>
        [new SqlStep($"make {Quote(column)} nullable if it is NOT NULL without default (inserts of the new version omit it)", NotNullSql.DropNotNullIfNoDefault(schema, table, column))];

    public override IReadOnlyList<Step> Contract() => [new SqlStep(Description, dropSql)];
}
