using SafeMigrate.Dialects;
using static SafeMigrate.Providers.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Copies of what hangs on a column that is being replaced (renamed, or retyped through a shadow column): its
/// indexes, unique and primary-key constraints, CHECK constraints (written by <see cref="ColumnCopyProbe"/>) and
/// foreign keys. Each copy is made under a SafeMigrate name and
/// carries a comment naming the original; contract gives the original names back once the originals are dropped
/// with the old column.
/// </summary>
internal static class ColumnCopySql
{
    /// <summary>
    /// Separates the parts of the comment on a copy: marker, kind (i, u, p an index, a unique or primary-key constraint's;
    /// f a foreign key; c a validated CHECK, k a NOT VALID one), source column, original name, and the original
    /// constraint's DEFERRABLE options (for u and p).
    /// </summary>
    public const char Separator = '\u001f';

    public const string Marker = "safe_migrate copy";

    public static string Note(char kind, string fromColumn, string originalName, string constraintOptions = "") =>
        string.Join(Separator, Marker, kind.ToString(), fromColumn, originalName, constraintOptions);

    /// <summary>The copy of an index onto the new column, built concurrently under a SafeMigrate name (<paramref name="body"/>: see <see cref="IndexCopy.Body"/>).</summary>
    public static string CreateIndexCopy(string schema, string table, string copyName, bool unique, string body) =>
        $"CREATE {(unique ? "UNIQUE " : string.Empty)}INDEX CONCURRENTLY {Quote(copyName)} ON {Table(schema, table)} {body}";

    /// <summary>Records on the copy which index it replaces (<see cref="Note"/>): contract gives it the original's name.</summary>
    public static string CommentIndexCopy(string schema, string copyName, string note) =>
        $"COMMENT ON INDEX {Quote(schema)}.{Quote(copyName)} IS {Literal(note)}";

    /// <summary>
    /// The copy of a CHECK constraint, NOT VALID (ACCESS EXCLUSIVE for a moment, no scan: new writes are checked at
    /// once), with its <see cref="Note"/>; nothing when it exists already.
    /// </summary>
    public static string AddCheckCopy(string schema, string table, string copyName, string definition, string note) => $"""
        DO $sm$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {RegClass(schema, table)} AND conname = {Literal(copyName)}) THEN
            EXECUTE {Literal($"ALTER TABLE {Table(schema, table)} ADD CONSTRAINT {Quote(copyName)} {definition} NOT VALID")};
            EXECUTE {Literal($"COMMENT ON CONSTRAINT {Quote(copyName)} ON {Table(schema, table)} IS {Literal(note)}")};
          END IF;
        END
        $sm$;
        """;

    /// <summary>Validates a copied CHECK constraint (SHARE UPDATE EXCLUSIVE: reads and writes go on during the scan); nothing when it is valid.</summary>
    public static string ValidateCheckCopy(string schema, string table, string copyName) => $"""
        DO $sm$
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {RegClass(schema, table)} AND conname = {Literal(copyName)} AND NOT convalidated) THEN
            ALTER TABLE {Table(schema, table)} VALIDATE CONSTRAINT {Quote(copyName)};
          END IF;
        END
        $sm$;
        """;

    /// <summary>An index left INVALID by a failed or killed concurrent build: dropped concurrently before the build is tried again.</summary>
    public static string DropInvalidIndex(string schema, string indexName) => $"DROP INDEX CONCURRENTLY IF EXISTS {Quote(schema)}.{Quote(indexName)}";

    /// <summary>Copies single-column foreign keys of <paramref name="fromColumn"/> onto <paramref name="toColumn"/> as NOT VALID (brief lock, no scan).</summary>
    public static string CopyForeignKeys(string? schema, string table, string fromColumn, string toColumn) => $"""
        DO $sm$
        DECLARE
          r record;
          copy_name text;
        BEGIN
          FOR r IN SELECT c.conname::text AS conname, pg_get_constraintdef(c.oid) AS def
                   FROM pg_constraint c
                   WHERE c.conrelid = {RegClass(schema, table)} AND c.contype = 'f'
                     AND c.conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = {RegClass(schema, table)} AND attname = {Literal(fromColumn)})]::int2[]
          LOOP
            copy_name := '{SafeMigrateNames.Prefix}fk_' || substr(md5(r.conname || chr(31) || {Literal(toColumn)}), 1, 12);
            IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {RegClass(schema, table)} AND conname = copy_name) THEN
              EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', {Literal(Table(schema, table))}, copy_name,
                regexp_replace(r.def, '^FOREIGN KEY \([^)]*\)', 'FOREIGN KEY (' || quote_ident({Literal(toColumn)}) || ')'));
              EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', copy_name, {Literal(Table(schema, table))},
                concat_ws(chr(31), {Literal(Marker)}, 'f', {Literal(fromColumn)}, r.conname));
            END IF;
          END LOOP;
        END
        $sm$;
        """;

    /// <summary>Validates the copied foreign keys (SHARE UPDATE EXCLUSIVE on the table: writes go on during the scan).</summary>
    public static string ValidateCopiedForeignKeys(string? schema, string table, string fromColumn) => $"""
        DO $sm$
        DECLARE
          r record;
        BEGIN
          FOR r IN SELECT conname::text AS conname FROM pg_constraint
                   WHERE conrelid = {RegClass(schema, table)} AND contype = 'f' AND NOT convalidated
                     AND split_part(obj_description(oid, 'pg_constraint'), chr(31), 1) = {Literal(Marker)}
                     AND split_part(obj_description(oid, 'pg_constraint'), chr(31), 3) = {Literal(fromColumn)}
          LOOP
            EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', {Literal(Table(schema, table))}, r.conname);
          END LOOP;
        END
        $sm$;
        """;

    /// <summary>
    /// After the old column is gone: gives the copies of its indexes and constraints their original names, and turns
    /// copies of unique and primary-key indexes back into constraints (<c>USING INDEX</c>: no new scan).
    /// </summary>
    public static string RestoreOriginalNames(string? schema, string table, string fromColumn) => $"""
        DO $sm$
        DECLARE
          r record;
          kind text;
          original text;
        BEGIN
          FOR r IN SELECT ic.relname::text AS index_name, obj_description(ic.oid, 'pg_class') AS note
                   FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                   WHERE i.indrelid = {RegClass(schema, table)}
                     AND split_part(obj_description(ic.oid, 'pg_class'), chr(31), 1) = {Literal(Marker)}
                     AND split_part(obj_description(ic.oid, 'pg_class'), chr(31), 3) = {Literal(fromColumn)}
          LOOP
            kind := split_part(r.note, chr(31), 2);
            original := split_part(r.note, chr(31), 4);
            EXECUTE format('COMMENT ON INDEX %I.%I IS NULL', {Literal(SchemaOrDefault(schema))}, r.index_name);
            IF kind = 'p' THEN
              EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I PRIMARY KEY USING INDEX %I %s', {Literal(Table(schema, table))}, original, r.index_name, split_part(r.note, chr(31), 5));
            ELSIF kind = 'u' THEN
              EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I UNIQUE USING INDEX %I %s', {Literal(Table(schema, table))}, original, r.index_name, split_part(r.note, chr(31), 5));
            ELSE
              EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', {Literal(SchemaOrDefault(schema))}, r.index_name, original);
            END IF;
          END LOOP;
          FOR r IN SELECT conname::text AS conname, obj_description(oid, 'pg_constraint') AS note FROM pg_constraint
                   WHERE conrelid = {RegClass(schema, table)}
                     AND split_part(obj_description(oid, 'pg_constraint'), chr(31), 1) = {Literal(Marker)}
                     AND split_part(obj_description(oid, 'pg_constraint'), chr(31), 3) = {Literal(fromColumn)}
          LOOP
            EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS NULL', r.conname, {Literal(Table(schema, table))});
            EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', {Literal(Table(schema, table))}, r.conname, split_part(r.note, chr(31), 4));
          END LOOP;
        END
        $sm$;
        """;

    /// <summary>
    /// Contract of a renamed column, in one short transaction: the new column takes the old one's default and its
    /// sequences (a serial's sequence is owned by its column and would be dropped with it), the sync trigger goes,
    /// then the old column. ACCESS EXCLUSIVE for a moment: no rewrite, no scan. PostgreSQL 18 names NOT NULL
    /// constraints and a plain rename keeps the name (<c>t_old_not_null</c>): the new column's one takes it over, so the
    /// contracted catalog is what a plain rename gives. Before 18 there are no such constraints and that part does nothing.
    /// </summary>
    public static string ReplaceOldColumn(string? schema, string table, string oldColumn, string newColumn, string triggerName) => $"""
        DO $sm$
        DECLARE
          old_attnum int2;
          default_sql text;
          old_not_null name;
          new_not_null name;
          r record;
        BEGIN
          SELECT attnum INTO old_attnum FROM pg_attribute
          WHERE attrelid = {RegClass(schema, table)} AND attname = {Literal(oldColumn)} AND NOT attisdropped;
          IF old_attnum IS NULL THEN
            RETURN;
          END IF;
          SELECT pg_get_expr(adbin, adrelid) INTO default_sql FROM pg_attrdef WHERE adrelid = {RegClass(schema, table)} AND adnum = old_attnum;
          IF default_sql IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', {Literal(Table(schema, table))}, {Literal(newColumn)}, default_sql);
          END IF;
          FOR r IN SELECT s.oid::regclass::text AS seq FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                   WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                     AND d.refobjid = {RegClass(schema, table)} AND d.refobjsubid = old_attnum AND d.deptype = 'a'
          LOOP
            EXECUTE format('ALTER SEQUENCE %s OWNED BY %s.%I', r.seq, {Literal(Table(schema, table))}, {Literal(newColumn)});
          END LOOP;
          SELECT conname INTO old_not_null FROM pg_constraint
          WHERE conrelid = {RegClass(schema, table)} AND contype = 'n' AND conkey[1] = old_attnum;
          DROP TRIGGER IF EXISTS {Quote(triggerName)} ON {Table(schema, table)};
          DROP FUNCTION IF EXISTS {Quote(SchemaOrDefault(schema))}.{Quote(triggerName)}();
          ALTER TABLE {Table(schema, table)} DROP COLUMN {Quote(oldColumn)};
          SELECT con.conname INTO new_not_null FROM pg_constraint con JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
          WHERE con.conrelid = {RegClass(schema, table)} AND con.contype = 'n' AND a.attname = {Literal(newColumn)};
          IF old_not_null IS NOT NULL AND new_not_null IS NOT NULL AND new_not_null <> old_not_null THEN
            EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', {Literal(Table(schema, table))}, new_not_null, old_not_null);
          END IF;
        END
        $sm$;
        """;

    /// <summary>Contract of a retyped column: drop the trigger and the original, give the shadow the original's name.</summary>
    public static string SwapShadowColumn(string? schema, string table, string column, string shadowColumn, string triggerName) => $"""
        DO $sm$
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {RegClass(schema, table)} AND attname = {Literal(shadowColumn)} AND NOT attisdropped) THEN
            DROP TRIGGER IF EXISTS {Quote(triggerName)} ON {Table(schema, table)};
            DROP FUNCTION IF EXISTS {Quote(SchemaOrDefault(schema))}.{Quote(triggerName)}();
            ALTER TABLE {Table(schema, table)} DROP COLUMN {Quote(column)};
            ALTER TABLE {Table(schema, table)} RENAME COLUMN {Quote(shadowColumn)} TO {Quote(column)};
          END IF;
        END
        $sm$;
        """;
}
