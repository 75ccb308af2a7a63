using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>
/// A foreign key on an existing table. A validating ADD CONSTRAINT holds SHARE ROW EXCLUSIVE on both tables for a full
/// scan; added <c>NOT VALID</c> it only checks new writes (brief lock), and <c>VALIDATE CONSTRAINT</c> in its own
/// transaction scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on.
/// </summary>
public sealed class AddForeignKeyOperation(string? schema, string table, string name, string addSql) : Operation
{
    public override string Description => $"add foreign key {Quote(name)} on {Table(schema, table)}";

    public override IReadOnlyList<Step> Expand() =>
    [
        new SqlStep(Description + " NOT VALID (checks new writes only)", addSql.TrimEnd(';') + " NOT VALID;"),
        new SqlStep($"validate foreign key {Quote(name)} (writes go on)", $"ALTER TABLE {Table(schema, table)} VALIDATE CONSTRAINT {Quote(name)};"),
    ];

    public override IReadOnlyList<Step> Rollback() =>
        [new SqlStep($"drop foreign key {Quote(name)}", $"ALTER TABLE IF EXISTS {Table(schema, table)} DROP CONSTRAINT IF EXISTS {Quote(name)};")];
}
