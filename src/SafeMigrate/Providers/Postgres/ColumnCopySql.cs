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
    /// f a foreign key of the column, r another table's foreign key that references it; c a validated CHECK, k a NOT
    /// VALID one), source column, original name, and the original
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
    /// Copies every single-column foreign key of another table (or of this one) that references <paramref name="fromColumn"/>
    /// onto one that references <paramref name="toColumn"/>, on the referencing table, NOT VALID: SHARE ROW EXCLUSIVE on
    /// both tables for a moment, no scan, and the referencing table's new writes are checked at once. The definition is
    /// PostgreSQL's own (<c>pg_get_constraintdef</c>) with only the referenced column changed, so ON DELETE / ON UPDATE
    /// actions, MATCH type and deferrability are kept. Run after the copy of the column's unique index, which the copy
    /// needs. Each copy is commented (kind r, <see cref="Note"/>) on its own table; nothing when it exists already.
    /// </summary>
    public static string CopyIncomingForeignKeys(string? schema, string table, string fromColumn, string toColumn) => $"""
        DO $sm$
        DECLARE
          r record;
          copy_name text;
          definition text;
        BEGIN
          FOR r IN SELECT c.conrelid, c.conrelid::regclass::text AS referencing, c.conname::text AS conname,
                          pg_get_constraintdef(c.oid) AS def, c.confrelid::regclass::text AS referenced
                   FROM pg_constraint c
                   -- conparentid: a partitioned table's foreign key is copied (and dropped) on the parent, which recurses.
                   WHERE c.confrelid = {RegClass(schema, table)} AND c.contype = 'f' AND c.conparentid = 0
                     AND c.confkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = {RegClass(schema, table)} AND attname = {Literal(fromColumn)} AND NOT attisdropped)]::int2[]
                     AND coalesce(split_part(obj_description(c.oid, 'pg_constraint'), chr(31), 1), '') <> {Literal(Marker)}
          LOOP
            copy_name := '{SafeMigrateNames.Prefix}fk_' || substr(md5(r.conname || chr(31) || {Literal(toColumn)} || chr(31) || 'r'), 1, 12);
            IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = r.conrelid AND conname = copy_name) THEN
              definition := regexp_replace(r.def, ' NOT VALID$', '');
              IF strpos(definition, ' REFERENCES ' || r.referenced || '(' || quote_ident({Literal(fromColumn)}) || ')') = 0 THEN
                RAISE EXCEPTION 'SafeMigrate: the definition of the foreign key % of % could not be read (%)', r.conname, r.referencing, r.def;
              END IF;
              definition := replace(definition, ' REFERENCES ' || r.referenced || '(' || quote_ident({Literal(fromColumn)}) || ')',
                ' REFERENCES ' || r.referenced || '(' || quote_ident({Literal(toColumn)}) || ')');
              EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', r.referencing, copy_name, definition);
              EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', copy_name, r.referencing,
                concat_ws(chr(31), {Literal(Marker)}, 'r', {Literal(fromColumn)}, r.conname));
            END IF;
          END LOOP;
        END
        $sm$;
        """;

    /// <summary>
    /// Validates the copies made by <see cref="CopyIncomingForeignKeys"/> whose original is validated (a NOT VALID
    /// original's copy stays NOT VALID): SHARE UPDATE EXCLUSIVE on the referencing table and ROW SHARE on this one, so
    /// reads and writes go on during the scan.
    /// </summary>
    public static string ValidateIncomingForeignKeyCopies(string? schema, string table, string fromColumn) => $"""
        DO $sm$
        DECLARE
          r record;
        BEGIN
          FOR r IN SELECT c.conrelid::regclass::text AS referencing, c.conname::text AS conname
                   FROM pg_constraint c
                   WHERE c.confrelid = {RegClass(schema, table)} AND c.contype = 'f' AND NOT c.convalidated
                     AND split_part(obj_description(c.oid, 'pg_constraint'), chr(31), 1) = {Literal(Marker)}
                     AND split_part(obj_description(c.oid, 'pg_constraint'), chr(31), 2) = 'r'
                     AND split_part(obj_description(c.oid, 'pg_constraint'), chr(31), 3) = {Literal(fromColumn)}
                     AND EXISTS (SELECT 1 FROM pg_constraint o WHERE o.conrelid = c.conrelid AND o.convalidated
                                 AND o.conname = split_part(obj_description(c.oid, 'pg_constraint'), chr(31), 4))
          LOOP
            EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', r.referencing, r.conname);
          END LOOP;
        END
        $sm$;
        """;

    /// <summary>
    /// Rollback: drops the copies of other tables' foreign keys that reference <paramref name="column"/> (they would stop
    /// its DROP COLUMN). Only SafeMigrate's copies (kind r): a foreign key made by hand is never dropped. Nothing when the
    /// table or the column is not there.
    /// </summary>
    public static string DropIncomingForeignKeyCopies(string? schema, string table, string column) => $"""
        DO $sm$
        DECLARE
          r record;
        BEGIN
          FOR r IN SELECT c.conrelid::regclass::text AS referencing, c.conname::text AS conname
                   FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = ANY (c.confkey)
                   WHERE c.confrelid = to_regclass({Literal(Table(schema, table))}) AND c.contype = 'f'
                     AND a.attname = {Literal(column)} AND NOT a.attisdropped
                     AND split_part(obj_description(c.oid, 'pg_constraint'), chr(31), 1) = {Literal(Marker)}
                     AND split_part(obj_description(c.oid, 'pg_constraint'), chr(31), 2) = 'r'
          LOOP
            EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.referencing, r.conname);
          END LOOP;
        END
        $sm$;
        """;

    /// <summary>
    /// PL/pgSQL of a contract block, run before the old column is dropped (variable <c>fk record</c>): drops the foreign
    /// keys of other tables that reference <paramref name="column"/>, each once its copy on the new column exists (made
    /// in expand, <see cref="CopyIncomingForeignKeys"/>). One without a copy (added after expand) stops contract there,
    /// nothing dropped: the drop would otherwise have to CASCADE it away. ACCESS EXCLUSIVE on each referencing table for a
    /// moment, under the lock timeout.
    /// </summary>
    private static string DropOriginalIncomingForeignKeys(string? schema, string table, string column) => $"""
          FOR fk IN SELECT o.conrelid::regclass::text AS referencing, o.conname::text AS conname,
                           EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = o.conrelid AND c.contype = 'f'
                                   AND split_part(obj_description(c.oid, 'pg_constraint'), chr(31), 1) = {Literal(Marker)}
                                   AND split_part(obj_description(c.oid, 'pg_constraint'), chr(31), 2) = 'r'
                                   AND split_part(obj_description(c.oid, 'pg_constraint'), chr(31), 3) = {Literal(column)}
                                   AND split_part(obj_description(c.oid, 'pg_constraint'), chr(31), 4) = o.conname) AS copied
                    FROM pg_constraint o JOIN pg_attribute a ON a.attrelid = o.confrelid AND a.attnum = ANY (o.confkey)
                    WHERE o.confrelid = {RegClass(schema, table)} AND o.contype = 'f' AND o.conparentid = 0 AND a.attname = {Literal(column)} AND NOT a.attisdropped
                      AND coalesce(split_part(obj_description(o.oid, 'pg_constraint'), chr(31), 1), '') <> {Literal(Marker)}
          LOOP
            IF NOT fk.copied THEN
              RAISE EXCEPTION 'SafeMigrate: the foreign key % of % references %.% but has no copy on the new column (was it created after expand?): drop it, run contract again, then create it again on the new column', fk.conname, fk.referencing, {Literal(Table(schema, table))}, {Literal(Quote(column))};
            END IF;
            EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.referencing, fk.conname);
          END LOOP;
        """;

    /// <summary>
    /// PL/pgSQL of a contract block, run before the old column is dropped (variables of <see cref="IdentityVariables"/>):
    /// when <paramref name="column"/> is an identity column, locks the table (ACCESS EXCLUSIVE, under the lock timeout, so
    /// no insert takes a value after the one read here) and reads the kind, the options and the position of its sequence,
    /// which DROP COLUMN drops with it.
    /// </summary>
    private static string CaptureIdentity(string? schema, string table, string column) => $"""
          SELECT a.attidentity, pg_get_serial_sequence({Literal(Table(schema, table))}, {Literal(column)})
          INTO identity_kind, identity_sequence
          FROM pg_attribute a WHERE a.attrelid = {RegClass(schema, table)} AND a.attname = {Literal(column)} AND NOT a.attisdropped;
          IF identity_kind IN ('a', 'd') THEN
            LOCK TABLE {Table(schema, table)} IN ACCESS EXCLUSIVE MODE;
            -- As ALTER COLUMN … TYPE does to an identity's sequence: a bound that was the old type's default becomes the
            -- new type's (NO MAXVALUE / NO MINVALUE), any other is kept.
            SELECT format('SEQUENCE NAME %s START WITH %s INCREMENT BY %s %s %s CACHE %s %s', identity_sequence, s.seqstart, s.seqincrement,
                     CASE WHEN s.seqincrement > 0 AND s.seqmin = 1 THEN 'NO MINVALUE'
                          WHEN s.seqincrement < 0 AND s.seqmin = CASE s.seqtypid WHEN 'int2'::regtype THEN -32768 WHEN 'int4'::regtype THEN -2147483648 ELSE -9223372036854775808 END THEN 'NO MINVALUE'
                          ELSE 'MINVALUE ' || s.seqmin END,
                     CASE WHEN s.seqincrement < 0 AND s.seqmax = -1 THEN 'NO MAXVALUE'
                          WHEN s.seqincrement > 0 AND s.seqmax = CASE s.seqtypid WHEN 'int2'::regtype THEN 32767 WHEN 'int4'::regtype THEN 2147483647 ELSE 9223372036854775807 END THEN 'NO MAXVALUE'
                          ELSE 'MAXVALUE ' || s.seqmax END,
                     s.seqcache, CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END)
            INTO STRICT identity_options
            FROM pg_sequence s WHERE s.seqrelid = identity_sequence::regclass;
            EXECUTE format('SELECT last_value, is_called FROM %s', identity_sequence) INTO identity_last, identity_called;
          END IF;
        """;

    /// <summary>
    /// PL/pgSQL of a contract block, once the old column is gone and <paramref name="newColumn"/> has its final name: makes
    /// it the identity column the old one was, of the same kind (ALWAYS, BY DEFAULT), its sequence under the old
    /// sequence's name and options and continuing where that one stood. Catalog only (ADD GENERATED neither rewrites nor
    /// scans), under the lock already held; SET NOT NULL (which identity needs) finds the column NOT NULL already, or the
    /// validated CHECK that contract made for it.
    /// </summary>
    private static string RestoreIdentity(string? schema, string table, string newColumn) => $"""
          IF identity_kind IN ('a', 'd') THEN
            ALTER TABLE {Table(schema, table)} ALTER COLUMN {Quote(newColumn)} SET NOT NULL;
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I ADD GENERATED %s AS IDENTITY (%s)', {Literal(Table(schema, table))}, {Literal(newColumn)},
              CASE identity_kind WHEN 'a' THEN 'ALWAYS' ELSE 'BY DEFAULT' END, identity_options);
            PERFORM setval(identity_sequence::regclass, identity_last, identity_called);
          END IF;
        """;

    private const string IdentityVariables = """
          fk record;
          identity_kind "char";
          identity_sequence text;
          identity_options text;
          identity_last bigint;
          identity_called boolean;
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
          -- The copies of other tables' foreign keys that referenced the column (their originals went with it).
          FOR r IN SELECT conrelid::regclass::text AS referencing, conname::text AS conname, obj_description(oid, 'pg_constraint') AS note FROM pg_constraint
                   WHERE confrelid = {RegClass(schema, table)} AND contype = 'f'
                     AND split_part(obj_description(oid, 'pg_constraint'), chr(31), 1) = {Literal(Marker)}
                     AND split_part(obj_description(oid, 'pg_constraint'), chr(31), 2) = 'r'
                     AND split_part(obj_description(oid, 'pg_constraint'), chr(31), 3) = {Literal(fromColumn)}
          LOOP
            EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS NULL', r.conname, r.referencing);
            EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', r.referencing, r.conname, split_part(r.note, chr(31), 4));
          END LOOP;
        END
        $sm$;
        """;

    /// <summary>
    /// Contract of a renamed column, in one short transaction: the new column takes the old one's default and its
    /// sequences (a serial's sequence is owned by its column and would be dropped with it), the sync trigger goes, the
    /// foreign keys that reference the old column go (their copies reference the new one), then the old column; an
    /// identity moves to the new column with its sequence's name, options and position. ACCESS EXCLUSIVE for a moment: no rewrite, no scan. PostgreSQL 18 names NOT NULL
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
        {IdentityVariables}
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
        {DropOriginalIncomingForeignKeys(schema, table, oldColumn)}
        {CaptureIdentity(schema, table, oldColumn)}
          ALTER TABLE {Table(schema, table)} DROP COLUMN {Quote(oldColumn)};
        {RestoreIdentity(schema, table, newColumn)}
          SELECT con.conname INTO new_not_null FROM pg_constraint con JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
          WHERE con.conrelid = {RegClass(schema, table)} AND con.contype = 'n' AND a.attname = {Literal(newColumn)};
          IF old_not_null IS NOT NULL AND new_not_null IS NOT NULL AND new_not_null <> old_not_null THEN
            EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', {Literal(Table(schema, table))}, new_not_null, old_not_null);
          END IF;
        END
        $sm$;
        """;

    /// <summary>
    /// Contract of a retyped column: drop the trigger, the foreign keys that reference the original (their copies
    /// reference the shadow) and the original, give the shadow the original's name, and its identity when it had one.
    /// </summary>
    public static string SwapShadowColumn(string? schema, string table, string column, string shadowColumn, string triggerName) => $"""
        DO $sm$
        DECLARE
        {IdentityVariables}
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {RegClass(schema, table)} AND attname = {Literal(shadowColumn)} AND NOT attisdropped) THEN
            DROP TRIGGER IF EXISTS {Quote(triggerName)} ON {Table(schema, table)};
            DROP FUNCTION IF EXISTS {Quote(SchemaOrDefault(schema))}.{Quote(triggerName)}();
        {DropOriginalIncomingForeignKeys(schema, table, column)}
        {CaptureIdentity(schema, table, column)}
            ALTER TABLE {Table(schema, table)} DROP COLUMN {Quote(column)};
            ALTER TABLE {Table(schema, table)} RENAME COLUMN {Quote(shadowColumn)} TO {Quote(column)};
        {RestoreIdentity(schema, table, column)}
          END IF;
        END
        $sm$;
        """;
}
