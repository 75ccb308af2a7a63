using static SafeMigrate.Providers.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// SET NOT NULL on PostgreSQL 18 without a long ACCESS EXCLUSIVE lock: <c>ADD NOT NULL c NOT VALID</c> (ACCESS
/// EXCLUSIVE for a moment, no scan; new rows are checked from then on), then <c>VALIDATE CONSTRAINT</c> in its own
/// transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on during the scan). Two steps instead of the check
/// dance of <see cref="NotNullSql"/>, and no helper constraint to drop. The constraint is left unnamed so PostgreSQL
/// names it <c>table_column_not_null</c>, as a plain <c>SET NOT NULL</c> does. Each statement is a no-op when already
/// done, so the sequence can be resumed anywhere.
/// </summary>
/// <remarks>
/// PostgreSQL 18 sets <c>pg_attribute.attnotnull</c> as soon as the NOT VALID constraint exists; only
/// <c>pg_constraint.convalidated</c> (contype 'n') says whether the existing rows were proved.
/// </remarks>
internal static class NativeNotNullSql
{
    /// <param name="onlyIf">An extra SQL condition evaluated when the step runs (e.g. "the old column was NOT NULL").</param>
    public static string AddNotValid(string? schema, string table, string column, string? onlyIf = null) => $"""
        DO $sm$
        BEGIN
          IF NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = {RegClass(schema, table)} AND attname = {Literal(column)} AND NOT attisdropped)
             {(onlyIf is null ? string.Empty : "AND " + onlyIf)}
          THEN
            ALTER TABLE {Table(schema, table)} ADD NOT NULL {Quote(column)} NOT VALID;
          END IF;
        END
        $sm$;
        """;

    /// <summary>Validates the column's NOT NULL constraint when it is NOT VALID, whatever its name.</summary>
    public static string Validate(string? schema, string table, string column) => $"""
        DO $sm$
        DECLARE
          constraint_name name;
        BEGIN
          SELECT con.conname INTO constraint_name
          FROM pg_constraint con JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
          WHERE con.conrelid = {RegClass(schema, table)} AND con.contype = 'n' AND NOT con.convalidated AND a.attname = {Literal(column)};
          IF constraint_name IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', {Literal(Table(schema, table))}, constraint_name);
          END IF;
        END
        $sm$;
        """;
}
