using System.Text.RegularExpressions;
using FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using static SafeMigrate.Providers.Postgres.PostgresIdentifiers;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;
using SafeMigrate.Dialects;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// PostgreSQL 12+: concurrent index builds outside transactions, <c>NOT VALID</c> constraints validated under SHARE
/// UPDATE EXCLUSIVE, NOT NULL proved by a validated check (no scan under ACCESS EXCLUSIVE; on 18 a native NOT NULL
/// NOT VALID), BEFORE row triggers, updatable views under old table names. What differs per release is asked of
/// <see cref="Target"/>.
/// </summary>
/// <param name="target">The server the steps are written for; null: the newest supported (an offline plan's default).</param>
internal sealed partial class PostgresDialect(PostgresTarget? target = null) : SqlDialect
{
    private readonly FluentMigratorPostgresSql _fluentMigrator = new();

    public PostgresTarget Target { get; } = target ?? PostgresTarget.Newest;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override FluentMigratorSql FluentMigrator => _fluentMigrator;

    public override string Quote(string identifier) => PostgresIdentifiers.Quote(identifier);

    public override string SchemaOrDefault(string? schema) => PostgresIdentifiers.SchemaOrDefault(schema);

    // PostgreSQL 11+ stores a constant default in the catalog: no rewrite.
    public override bool AddsNotNullColumnWithConstantDefaultInPlace => true;

    /// <summary>Defaults PostgreSQL evaluates per row: adding a column with one rewrites the table (11+ only skips constant ones).</summary>
    public override bool IsVolatileDefault(object? defaultValue) => defaultValue switch
    {
        SystemMethods.NewGuid or SystemMethods.NewSequentialId => true,
        SystemMethods => false,
        RawSql raw => VolatileFunction().IsMatch(raw.Value),
        _ => false,
    };


    public override string IsDistinct(string left, string right) => $"{left} IS DISTINCT FROM {right}";

    public override string AddColumnOfSameType(string? schema, string table, string sourceColumn, string newColumn) => $"""
        DO $sm$
        DECLARE
          column_type text;
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {RegClass(schema, table)} AND attname = {Literal(newColumn)} AND NOT attisdropped) THEN
            -- The collation too, when it is not the type's: a plain rename keeps it, and the copied indexes follow it.
            SELECT format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                           THEN ' COLLATE ' || quote_ident(cn.nspname) || '.' || quote_ident(co.collname) ELSE '' END
            INTO STRICT column_type
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_collation co ON co.oid = a.attcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
            WHERE a.attrelid = {RegClass(schema, table)} AND a.attname = {Literal(sourceColumn)} AND NOT a.attisdropped;
            EXECUTE format('ALTER TABLE %s ADD COLUMN %I %s', {Literal(Table(schema, table))}, {Literal(newColumn)}, column_type);
          END IF;
        END
        $sm$;
        """;

    public override string DropSchemaIfExists(string schema) => $"DROP SCHEMA IF EXISTS {Quote(schema)};";

    public override Step SetDefault(string? schema, string table, string column, string defaultExpression) =>
        new SqlStep(
            $"set the volatile default of {Quote(column)} (new rows only: no rewrite)",
            $"ALTER TABLE {Table(schema, table)} ALTER COLUMN {Quote(column)} SET DEFAULT {defaultExpression};");

    /// <summary>Drops the column, first the copies of other tables' foreign keys that expand made to reference it (<see cref="ColumnCopySql.DropIncomingForeignKeyCopies"/>).</summary>
    public override Step DropColumnIfExists(string description, string? schema, string table, string column) =>
        new SqlStep(description, ColumnCopySql.DropIncomingForeignKeyCopies(schema, table, column) + "\n" + $"ALTER TABLE IF EXISTS {Table(schema, table)} DROP COLUMN IF EXISTS {Quote(column)};");

    public override Step DropNotNullIfNoDefault(string description, string? schema, string table, string column) =>
        new SqlStep(description, NotNullSql.DropNotNullIfNoDefault(schema, table, column));

    /// <summary>
    /// The check dance of <see cref="SetNotNull"/>, except that a failed validation (NULLs written meanwhile) stops the
    /// rollback at that step with the count and the fix, changing no row (<see cref="NotNullSql.ValidateOrStop"/>).
    /// </summary>
    public override IReadOnlyList<Step> RestoreNotNull(string? schema, string table, string column)
    {
        var check = NotNullCheck(schema, table, column);
        var name = $"{Table(schema, table)}.{Quote(column)}";
        return
        [
            new SqlStep($"add CHECK ({Quote(column)} IS NOT NULL) NOT VALID on {name} again (no scan)", NotNullSql.AddCheck(schema, table, column, check)),
            new SqlStep($"validate it (SHARE UPDATE EXCLUSIVE: writes go on); if rows written since the expand are NULL, stop: no row is changed, fill or delete them and run rollback again", NotNullSql.ValidateOrStop(schema, table, column, check)) { Work = StepWork.Scan, Table = TableOf(schema, table) },
            new SqlStep($"SET NOT NULL on {name} (proved by the check, no scan) and drop the check", NotNullSql.SetNotNullAndDropCheck(schema, table, column, check)),
        ];
    }

    /// <summary>
    /// PostgreSQL 18: NOT NULL NOT VALID (no scan) → VALIDATE (SHARE UPDATE EXCLUSIVE: writes go on). Before 18: check
    /// NOT VALID (no scan) → VALIDATE → SET NOT NULL proved by the check → drop the check.
    /// </summary>
    public override IReadOnlyList<Step> SetNotNull(string? schema, string table, string column, string? finalSql = null, string? onlyIfNotNull = null)
    {
        var name = $"{Table(schema, table)}.{Quote(column)}";
        var onlyIf = onlyIfNotNull is null
            ? null
            : $"(SELECT attnotnull FROM pg_attribute WHERE attrelid = {RegClass(schema, table)} AND attname = {Literal(onlyIfNotNull)} AND NOT attisdropped) IS TRUE";
        var guard = TransactionTimeoutGuard.For(Target);
        if (Target.NativeNotNullNotValid)
        {
            var steps = new List<Step>
            {
                new SqlStep($"add NOT NULL {Quote(column)} NOT VALID on {name} (no scan; new rows checked)", guard + NativeNotNullSql.AddNotValid(schema, table, column, onlyIf)),
                new SqlStep($"validate the NOT NULL constraint of {name} (SHARE UPDATE EXCLUSIVE: writes go on)", NativeNotNullSql.Validate(schema, table, column)) { Work = StepWork.Scan, Table = TableOf(schema, table) },
            };
            if (finalSql is not null)
            {
                steps.Add(new SqlStep($"{finalSql.TrimEnd(';')} (NOT NULL already validated, no scan)", guard + finalSql.TrimEnd(';') + ";"));
            }

            return steps;
        }

        var check = NotNullCheck(schema, table, column);
        return
        [
            new SqlStep($"add CHECK ({Quote(column)} IS NOT NULL) NOT VALID on {name} (no scan)", guard + NotNullSql.AddCheck(schema, table, column, check, onlyIf)),
            new SqlStep($"validate the NOT NULL check of {name} (SHARE UPDATE EXCLUSIVE: writes go on)", NotNullSql.Validate(schema, table, check)) { Work = StepWork.Scan, Table = TableOf(schema, table) },
            finalSql is null
                ? new SqlStep($"SET NOT NULL on {name} (proved by the check, no scan) and drop the check", guard + NotNullSql.SetNotNullAndDropCheck(schema, table, column, check))
                : new SqlStep($"{finalSql.TrimEnd(';')} (NOT NULL proved by the check, no scan), then drop the check", guard + finalSql.TrimEnd(';') + ";\n" + NotNullSql.DropCheck(schema, table, check)),
        ];
    }

    /// <summary>A BEFORE row trigger fills the side an insert omitted before NOT NULL is checked: nothing else is needed.</summary>
    public override IReadOnlyList<Step> SyncTwoWay(string? schema, string table, string oldColumn, string newColumn, string triggerName) =>
        [new SqlStep($"two-way sync trigger between {Quote(oldColumn)} and {Quote(newColumn)}", SyncTriggerSql.CreateTwoWay(schema, table, oldColumn, newColumn, triggerName))];

    public override IReadOnlyList<Step> SyncOneWay(string? schema, string table, string sourceColumn, string shadowColumn, string triggerName, string? conversion = null) =>
        [new SqlStep(
            $"converting sync trigger {Quote(sourceColumn)} → {Quote(shadowColumn)}{(conversion is null ? string.Empty : $" (USING {conversion})")}",
            SyncTriggerSql.CreateOneWay(schema, table, sourceColumn, shadowColumn, triggerName, conversion))];

    // Touching the row fires the trigger, which writes the converted value into the shadow (PL/pgSQL assignment cast).
    // The shadow is what the UPDATE names, not the column: an identity column GENERATED ALWAYS can only be updated to
    // DEFAULT (SQLSTATE 428C9), and a user's UPDATE OF trigger on the column does not fire.
    public override string ConvertingBackfillSetClause(string sourceColumn, string shadowColumn) => $"{Quote(shadowColumn)} = NULL";

    public override Step DropSyncTrigger(string description, string? schema, string table, string triggerName) =>
        new SqlStep(description, SyncTriggerSql.Drop(schema, table, triggerName));

    public override Step CopyColumnIndexes(string description, string? schema, string table, string fromColumn, string toColumn, bool retyped) =>
        new CopyColumnIndexesStep(description + " with its CHECK constraints (indexes concurrently, checks NOT VALID then validated)", SchemaOrDefault(schema), table, fromColumn, toColumn, retyped);

    public override IReadOnlyList<Step> CopyForeignKeys(string? schema, string table, string fromColumn, string toColumn) =>
    [
        new SqlStep($"copy the foreign keys of {Quote(fromColumn)} onto {Quote(toColumn)} (NOT VALID)", ColumnCopySql.CopyForeignKeys(schema, table, fromColumn, toColumn)),
        new SqlStep($"validate the copied foreign keys of {Quote(toColumn)}", ColumnCopySql.ValidateCopiedForeignKeys(schema, table, fromColumn)),
        new SqlStep(
            $"copy the foreign keys of other tables that reference {Quote(fromColumn)} onto {Quote(toColumn)} (NOT VALID; SHARE ROW EXCLUSIVE on both tables for a moment, no scan)",
            ColumnCopySql.CopyIncomingForeignKeys(schema, table, fromColumn, toColumn)),
        new SqlStep(
            $"validate the copied foreign keys that reference {Quote(toColumn)} (SHARE UPDATE EXCLUSIVE on the referencing tables: writes go on)",
            ColumnCopySql.ValidateIncomingForeignKeyCopies(schema, table, fromColumn)),
    ];

    public override Step ReplaceOldColumn(string description, string? schema, string table, string oldColumn, string newColumn, string triggerName) =>
        new SqlStep(description, ColumnCopySql.ReplaceOldColumn(schema, table, oldColumn, newColumn, triggerName));

    public override Step RestoreOriginalNames(string description, string? schema, string table, string fromColumn) =>
        new SqlStep(description, ColumnCopySql.RestoreOriginalNames(schema, table, fromColumn));

    // ALTER COLUMN … TYPE rewrites the table and its indexes under ACCESS EXCLUSIVE unless binary-coercible; those
    // changes run in expand instead (ChangeColumnTypeInExpand), so there is no online variant for contract.
    public override Step? ChangeColumnTypeInPlace(string description, string? schema, string table, string column, string alterSql) => null;

    public override TypeChangeDecision DecideTypeChange(CatalogColumn current, string newType, ServerSettings? settings) =>
        PostgresTypeChanges.Decide(current.Type, newType, settings, current.Dependents);

    /// <summary>
    /// <c>ALTER TABLE … ALTER COLUMN … TYPE</c> alone: ACCESS EXCLUSIVE for a moment (catalog only, under the lock
    /// timeout, retried like any step). timestamp → timestamptz is catalog-only only while the session zone is UTC, so
    /// that step first checks the zone again in its own transaction: under another zone it would rewrite the table and
    /// convert every value under that zone.
    /// </summary>
    public override Step ChangeColumnTypeInExpand(string description, string? schema, string table, string column, string currentType, string newType)
    {
        var alter = $"ALTER TABLE {Table(schema, table)} ALTER COLUMN {Quote(column)} TYPE {newType};";
        if (currentType != "timestamp without time zone")
        {
            return new SqlStep(description, alter);
        }

        var zones = string.Join(", ", PostgresTypeChanges.UtcZoneNames.Select(z => Literal(z.ToLowerInvariant())));
        return new SqlStep(description, $"""
            DO $sm$
            BEGIN
              IF lower(current_setting('TimeZone')) NOT IN ({zones}) THEN
                RAISE EXCEPTION 'SafeMigrate: the session TimeZone is %, not UTC: changing timestamp to timestamptz would rewrite %, converting every value under that zone', current_setting('TimeZone'), {Literal(Table(schema, table))};
              END IF;
            END
            $sm$;
            {alter}
            """);
    }

    public override IReadOnlyList<Step> SwapShadowColumn(string? schema, string table, string column, string shadowColumn, string triggerName, string alterSql, bool notNull)
    {
        var steps = new List<Step>();
        var check = NotNullCheck(schema, table, shadowColumn);
        if (notNull)
        {
            steps.Add(new SqlStep($"add CHECK NOT NULL NOT VALID on the shadow column", NotNullSql.AddCheck(schema, table, shadowColumn, check)));
            steps.Add(new SqlStep($"validate the NOT NULL check of the shadow column (writes go on)", NotNullSql.Validate(schema, table, check)));
        }

        // The copies get their original names in the same transaction: once the swap is committed the column has the new
        // type, and a contract resumed after it plans no type change any more (so no later step of this recipe would run).
        // The operation's own step that does it after this one then finds nothing left to do.
        steps.Add(new SqlStep(
            (string.IsNullOrWhiteSpace(alterSql) ? $"swap {Quote(column)} and its shadow" : $"swap {Quote(column)} and its shadow, then {alterSql.TrimEnd(';')}")
                + " (no rewrite), and give the copies of its indexes and constraints their original names",
            ColumnCopySql.SwapShadowColumn(schema, table, column, shadowColumn, triggerName) + "\n"
                + (string.IsNullOrWhiteSpace(alterSql) ? string.Empty : alterSql.TrimEnd(';') + ";\n") + NotNullSql.DropCheck(schema, table, check)
                + "\n" + ColumnCopySql.RestoreOriginalNames(schema, table, column)));
        return steps;
    }

    /// <summary>CREATE INDEX CONCURRENTLY: a plain build holds a SHARE lock that blocks every write for the whole build.</summary>
    public override Step CreateIndex(string? schema, string table, string indexName, string createSql) =>
        new ConcurrentIndexStep($"create index {Quote(indexName)} on {Table(schema, table)} (concurrently)", SchemaOrDefault(schema), indexName, Concurrently(createSql))
        {
            Table = TableOf(schema, table),
        };

    public override Step DropIndex(string description, string? schema, string table, string indexName) =>
        new SqlStep(description + " (concurrently)", $"DROP INDEX CONCURRENTLY IF EXISTS {Quote(SchemaOrDefault(schema))}.{Quote(indexName)}", Transactional: false);

    /// <summary>
    /// ALTER INDEX … RENAME locks the index only (SHARE UPDATE EXCLUSIVE from PostgreSQL 12, ACCESS EXCLUSIVE on the
    /// index before), a catalog change under the lock timeout. IF EXISTS: a run stopped after it resumes.
    /// </summary>
    public override Step RenameIndex(string description, string? schema, string table, string fromName, string toName) =>
        new SqlStep(description, $"ALTER INDEX IF EXISTS {Quote(SchemaOrDefault(schema))}.{Quote(fromName)} RENAME TO {Quote(toName)};");

    /// <summary>
    /// CONCURRENTLY: no ACCESS EXCLUSIVE on the table, so no query queues behind the drop; it waits for the transactions
    /// using the index instead, outside any transaction. IF EXISTS: a run stopped after it resumes.
    /// </summary>
    public override Step DropIndexByName(string description, string nameAsWritten) =>
        new SqlStep(description, $"DROP INDEX CONCURRENTLY IF EXISTS {nameAsWritten};", Transactional: false);

    public override IReadOnlyList<Step> AddForeignKey(string? schema, string table, string name, string addSql) =>
    [
        new SqlStep($"add foreign key {Quote(name)} on {Table(schema, table)} NOT VALID (checks new writes only)", addSql.TrimEnd(';') + " NOT VALID;"),
        new SqlStep($"validate foreign key {Quote(name)} (writes go on)", $"ALTER TABLE {Table(schema, table)} VALIDATE CONSTRAINT {Quote(name)};") { Work = StepWork.Scan, Table = TableOf(schema, table) },
    ];

    public override Step DropConstraintIfExists(string description, string? schema, string table, string name) =>
        new SqlStep(description, $"ALTER TABLE IF EXISTS {Table(schema, table)} DROP CONSTRAINT IF EXISTS {Quote(name)};");

    /// <summary>The unique index concurrently (duplicates make it fail before anything is locked), then <c>UNIQUE USING INDEX</c>: catalog only.</summary>
    public override IReadOnlyList<Step> AddUniqueConstraint(string? schema, string table, string name, IReadOnlyList<string> columns) =>
    [
        UniqueIndexConcurrently(schema, table, name, columns),
        new SqlStep(
            $"add constraint {Quote(name)} UNIQUE USING INDEX (no scan)",
            $"ALTER TABLE {Table(schema, table)} ADD CONSTRAINT {Quote(name)} UNIQUE USING INDEX {Quote(name)};"),
    ];

    public override IReadOnlyList<Step> UndoUniqueConstraint(string? schema, string table, string name) =>
    [
        DropConstraintIfExists($"drop constraint {Quote(name)}", schema, table, name) with { Removes = Object(CatalogObjectKind.Constraint, schema, table, name) },
        DropIndex($"drop index {Quote(name)}", schema, table, name) with { Removes = Object(CatalogObjectKind.Index, schema, table, name) },
    ];

    public override IReadOnlyList<Step> PreparePrimaryKey(string? schema, string table, string name, IReadOnlyList<string> columns) =>
        [UniqueIndexConcurrently(schema, table, name, columns)];

    public override Step AddPrimaryKey(string? schema, string table, string name, IReadOnlyList<string> columns) =>
        new SqlStep(
            $"add constraint {Quote(name)} PRIMARY KEY USING INDEX (no scan)",
            $"ALTER TABLE {Table(schema, table)} ADD CONSTRAINT {Quote(name)} PRIMARY KEY USING INDEX {Quote(name)};");

    public override IReadOnlyList<Step> UndoPreparePrimaryKey(string? schema, string table, string name) =>
        [DropIndex($"drop index {Quote(name)}", schema, table, name) with { Removes = Object(CatalogObjectKind.Index, schema, table, name) }];

    /// <summary>
    /// Rename plus, in the same short transaction (ACCESS EXCLUSIVE for a moment, no scan), a view under the old name:
    /// a single-table <c>SELECT *</c> view is automatically updatable, so the old version reads and writes through it.
    /// </summary>
    public override Step RenameTableKeepingOldName(string description, string? schema, string oldName, string newName) =>
        new SqlStep(
            description + $", keeping {Quote(oldName)} as an updatable view",
            $"ALTER TABLE {Table(schema, oldName)} RENAME TO {Quote(newName)};\nCREATE VIEW {Table(schema, oldName)} AS SELECT * FROM {Table(schema, newName)};");

    public override Step DropOldTableName(string? schema, string oldName) =>
        new SqlStep($"drop the compatibility view {Table(schema, oldName)}", $"DROP VIEW IF EXISTS {Table(schema, oldName)};");

    public override Step UndoRenameTable(string? schema, string oldName, string newName) =>
        new SqlStep(
            $"drop the view {Table(schema, oldName)} and rename {Quote(newName)} back",
            $"""
            DO $sm$
            BEGIN
              IF EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass({Literal(Table(schema, newName))}) AND relkind IN ('r', 'p')) THEN
                DROP VIEW IF EXISTS {Table(schema, oldName)};
                ALTER TABLE {Table(schema, newName)} RENAME TO {Quote(oldName)};
              END IF;
            END
            $sm$;
            """);

    private ConcurrentIndexStep UniqueIndexConcurrently(string? schema, string table, string name, IReadOnlyList<string> columns) =>
        new(
            $"build the unique index {Quote(name)} concurrently",
            SchemaOrDefault(schema),
            name,
            $"CREATE UNIQUE INDEX CONCURRENTLY {Quote(name)} ON {Table(schema, table)} ({string.Join(", ", columns.Select(Quote))})");

    private static string Concurrently(string createIndexSql)
    {
        var sql = createIndexSql.Trim().TrimEnd(';');
        return sql.Contains(" CONCURRENTLY ", StringComparison.OrdinalIgnoreCase) ? sql : CreateIndexPrefix().Replace(sql, "CREATE $1INDEX CONCURRENTLY ", 1);
    }

    [GeneratedRegex(@"random|uuid|clock_timestamp|timeofday|nextval|statement_timestamp", RegexOptions.IgnoreCase)]
    private static partial Regex VolatileFunction();

    [GeneratedRegex(@"^CREATE\s+(UNIQUE\s+)?INDEX\s+", RegexOptions.IgnoreCase)]
    private static partial Regex CreateIndexPrefix();
}
