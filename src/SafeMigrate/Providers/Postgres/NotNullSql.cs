using static SafeMigrate.Providers.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// SET NOT NULL without a long ACCESS EXCLUSIVE lock: <c>CHECK (c IS NOT NULL) NOT VALID</c> (brief lock, no scan),
/// then <c>VALIDATE CONSTRAINT</c> in its own transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on during the
/// scan), then <c>SET NOT NULL</c>, which PostgreSQL 12+ proves from the validated check without scanning, then the
/// check is dropped. Each statement is a no-op when already done, so the sequence can be resumed anywhere.
/// </summary>
internal static class NotNullSql
{
    /// <param name="onlyIf">An extra SQL condition evaluated when the step runs (e.g. "the old column was NOT NULL").</param>
    public static string AddCheck(string? schema, string table, string column, string checkName, string? onlyIf = null) => $"""
        DO $sm$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {RegClass(schema, table)} AND conname = {Literal(checkName)})
             AND NOT (SELECT attnotnull FROM pg_attribute WHERE attrelid = {RegClass(schema, table)} AND attname = {Literal(column)})
             {(onlyIf is null ? string.Empty : "AND " + onlyIf)}
          THEN
            ALTER TABLE {Table(schema, table)} ADD CONSTRAINT {Quote(checkName)} CHECK ({Quote(column)} IS NOT NULL) NOT VALID;
          END IF;
        END
        $sm$;
        """;

    public static string Validate(string? schema, string table, string checkName) => $"""
        DO $sm$
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {RegClass(schema, table)} AND conname = {Literal(checkName)} AND NOT convalidated) THEN
            ALTER TABLE {Table(schema, table)} VALIDATE CONSTRAINT {Quote(checkName)};
          END IF;
        END
        $sm$;
        """;

    /// <summary>
    /// VALIDATE for a rollback that gives a column its NOT NULL back. When rows written since the expand hold NULL, the
    /// step fails with how many and what to do, and changes nothing: SafeMigrate neither deletes nor fills rows it did not
    /// write, and does not leave the column silently nullable either. The NOT VALID check stays, so that no new NULL
    /// arrives while the rows are fixed (the old version, which the rollback returns to, writes the column); the rollback,
    /// run again, resumes at this step.
    /// </summary>
    public static string ValidateOrStop(string? schema, string table, string column, string checkName) => $"""
        DO $sm$
        DECLARE
          nulls bigint;
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {RegClass(schema, table)} AND conname = {Literal(checkName)} AND NOT convalidated) THEN
            BEGIN
              ALTER TABLE {Table(schema, table)} VALIDATE CONSTRAINT {Quote(checkName)};
            EXCEPTION WHEN check_violation THEN
              SELECT count(*) INTO nulls FROM {Table(schema, table)} WHERE {Quote(column)} IS NULL;
              RAISE EXCEPTION USING ERRCODE = 'check_violation',
                MESSAGE = format('SafeMigrate cannot make %s.%s NOT NULL again: %s row(s) written since the expand have NULL in it (the new version leaves it out). Nothing was changed; the check %s keeps new NULLs out. Fill those rows (UPDATE %s SET %s = ... WHERE %s IS NULL) or delete them, then run rollback again',
                  {Literal(Table(schema, table))}, {Literal(Quote(column))}, nulls, {Literal(Quote(checkName))}, {Literal(Table(schema, table))}, {Literal(Quote(column))}, {Literal(Quote(column))});
            END;
          END IF;
        END
        $sm$;
        """;

    /// <summary>SET NOT NULL (proved by the validated check) and drop the check. Only when the check exists.</summary>
    public static string SetNotNullAndDropCheck(string? schema, string table, string column, string checkName) => $"""
        DO $sm$
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {RegClass(schema, table)} AND conname = {Literal(checkName)}) THEN
            ALTER TABLE {Table(schema, table)} ALTER COLUMN {Quote(column)} SET NOT NULL;
            ALTER TABLE {Table(schema, table)} DROP CONSTRAINT {Quote(checkName)};
          END IF;
        END
        $sm$;
        """;

    public static string DropCheck(string? schema, string table, string checkName) =>
        $"ALTER TABLE IF EXISTS {Table(schema, table)} DROP CONSTRAINT IF EXISTS {Quote(checkName)};";

    /// <summary>Makes the column nullable when it is NOT NULL without a default, so inserts that omit it succeed.</summary>
    public static string DropNotNullIfNoDefault(string? schema, string table, string column) => $"""
        DO $sm$
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {RegClass(schema, table)} AND attname = {Literal(column)}
                     AND attnotnull AND NOT atthasdef AND NOT attisdropped) THEN
            ALTER TABLE {Table(schema, table)} ALTER COLUMN {Quote(column)} DROP NOT NULL;
          END IF;
        END
        $sm$;
        """;
}
