using System.Text.RegularExpressions;
using FluentMigrator;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using static SafeMigrate.Providers.SqlServer.SqlServerIdentifiers;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;
using SafeMigrate.Dialects;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// SQL Server 2016 SP1+ and Azure SQL, for one edition and version (<see cref="SqlServerTarget"/>). Differences from
/// PostgreSQL that shape the recipes: no <c>NOT VALID</c> (<c>WITH NOCHECK</c> instead, and re-checking holds a
/// schema lock for the whole scan, so it only happens when asked); no BEFORE row triggers (AFTER triggers over the
/// statement's rows, and a renamed NOT NULL column is made nullable for the overlap); no <c>USING INDEX</c>; a synonym
/// under a renamed table's old name; online index builds, online ALTER COLUMN and metadata-only NOT NULL defaults on
/// Enterprise/Developer/Azure only. Where a step cannot run online on the target, its description says so and
/// <see cref="Step.BlocksWrites"/> is set. Every step is one T-SQL batch (no <c>GO</c>).
/// </summary>
/// <param name="validateConstraints">Re-check existing rows of new foreign keys (<c>WITH CHECK CHECK CONSTRAINT</c>): a full scan under a schema lock.</param>
internal sealed partial class SqlServerDialect(SqlServerTarget target, bool validateConstraints = false) : SqlDialect
{
    private readonly FluentMigratorSqlServerSql _fluentMigrator = new();

    public SqlServerTarget Target => target;

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override FluentMigratorSql FluentMigrator => _fluentMigrator;

    public override string Quote(string identifier) => SqlServerIdentifiers.Quote(identifier);

    public override string SchemaOrDefault(string? schema) => SqlServerIdentifiers.SchemaOrDefault(schema);

    public override bool AddsNotNullColumnWithConstantDefaultInPlace => target.AddsNotNullColumnWithDefaultAsMetadata;

    /// <summary>Defaults evaluated per row (not runtime constants like GETDATE()): adding a column with one writes every row.</summary>
    public override bool IsVolatileDefault(object? defaultValue) => defaultValue switch
    {
        SystemMethods.NewGuid or SystemMethods.NewSequentialId => true,
        SystemMethods => false,
        RawSql raw => VolatileFunction().IsMatch(raw.Value),
        _ => false,
    };

    /// <summary>NEWSEQUENTIALID() is only allowed in a DEFAULT constraint; existing rows get NEWID() values.</summary>
    public override string BackfillValueOfDefault(string defaultExpression) =>
        SequentialId().Replace(defaultExpression, "NEWID()");

    // A resumable index operation cannot run inside an explicit transaction (error 10637 family).

    // IS DISTINCT FROM exists only from SQL Server 2022; EXCEPT compares NULLs as equal on every version.
    public override string IsDistinct(string left, string right) => $"EXISTS (SELECT {left} EXCEPT SELECT {right})";

    public override string AddColumnOfSameType(string? schema, string table, string sourceColumn, string newColumn) =>
        SqlServerColumnSql.AddColumnOfSameType(schema, table, sourceColumn, newColumn);

    public override string DropColumn(string? schema, string table, string column, string fluentMigratorSql) =>
        SqlServerColumnSql.DropColumn(schema, table, column);

    public override string DropSchemaIfExists(string schema) => $"DROP SCHEMA IF EXISTS {Quote(schema)};";

    /// <summary>A named default constraint (FluentMigrator's DF_table_column), so later migrations can find it by name.</summary>
    public override Step SetDefault(string? schema, string table, string column, string defaultExpression) =>
        new SqlStep(
            $"add the default constraint {Quote(DefaultName(table, column))} on {Quote(column)} (new rows only: no row is written)",
            $"ALTER TABLE {Table(schema, table)} ADD CONSTRAINT {Quote(DefaultName(table, column))} DEFAULT {defaultExpression} FOR {Quote(column)};");

    public override Step DropColumnIfExists(string description, string? schema, string table, string column) =>
        new SqlStep(description + " (its default, indexes, keys and statistics first)", SqlServerColumnSql.DropColumn(schema, table, column));

    public override Step DropNotNullIfNoDefault(string description, string? schema, string table, string column) =>
        new SqlStep(description, SqlServerColumnSql.DropNotNullIfNoDefault(schema, table, column));

    /// <summary>
    /// NOT NULL again where expand lifted it, or a stop with the count of NULL rows written since. ALTER COLUMN … NOT
    /// NULL checks every row: online on Enterprise/Azure, elsewhere under Sch-M, which blocks the table for the scan
    /// (the step says so); the schema before the release is what rollback owes.
    /// </summary>
    public override IReadOnlyList<Step> RestoreNotNull(string? schema, string table, string column)
    {
        var online = target.OnlineAlterColumn;
        var how = online ? "online: reads and writes go on" : $"{target.Name} has no online ALTER COLUMN: the scan holds Sch-M, reads and writes wait";
        return
        [
            new SqlStep(
                $"NOT NULL on {Table(schema, table)}.{Quote(column)} again, if expand lifted it ({how}); if rows written since the expand are NULL, stop: no row is changed, fill or delete them and run rollback again",
                SqlServerColumnSql.RestoreNotNull(schema, table, column, online)) { BlocksWrites = !online, Work = StepWork.Scan, Table = TableOf(schema, table) },
        ];
    }

    /// <summary>
    /// <c>ALTER COLUMN … NOT NULL</c> checks every row. Online (Enterprise/Azure) writes go on; elsewhere the scan
    /// holds Sch-M and blocks reads and writes, which the step then says.
    /// </summary>
    public override IReadOnlyList<Step> SetNotNull(string? schema, string table, string column, string? finalSql = null, string? onlyIfNotNull = null)
    {
        var name = $"{Table(schema, table)}.{Quote(column)}";
        var online = target.OnlineAlterColumn;
        var how = online ? "online: reads and writes go on" : $"{target.Name} has no online ALTER COLUMN: the scan holds Sch-M, reads and writes wait";
        if (finalSql is not null && !finalSql.TrimEnd().TrimEnd(';').Contains(';', StringComparison.Ordinal))
        {
            var statement = finalSql.TrimEnd().TrimEnd(';') + (online ? " WITH (ONLINE = ON)" : string.Empty) + ";";
            return [new SqlStep($"{finalSql.TrimEnd().TrimEnd(';')} ({how})", statement) { BlocksWrites = !online, Work = StepWork.Scan, Table = TableOf(schema, table) }];
        }

        return [new SqlStep($"NOT NULL on {name} ({how})", SqlServerColumnSql.SetNotNull(schema, table, column, online, onlyIfNotNull)) { BlocksWrites = !online, Work = StepWork.Scan, Table = TableOf(schema, table) }];
    }

    /// <summary>
    /// An AFTER trigger runs after NOT NULL is checked, so an insert of the new version, which omits the old column,
    /// would fail before the trigger could fill it: the old column is made nullable for the overlap first.
    /// </summary>
    public override IReadOnlyList<Step> SyncTwoWay(string? schema, string table, string oldColumn, string newColumn, string triggerName) =>
    [
        DropNotNullIfNoDefault($"make {Quote(oldColumn)} nullable if it is NOT NULL without default (the trigger fills it after the new version's inserts)", schema, table, oldColumn),
        new SqlStep(
            $"two-way sync trigger (AFTER INSERT, UPDATE) between {Quote(oldColumn)} and {Quote(newColumn)}",
            SqlServerSyncTriggerSql.Create(schema, table, SqlServerSyncTriggerSql.TwoWayTemplate(schema, table, oldColumn, newColumn, triggerName))),
    ];

    // T-SQL has no USING: the planner refuses Execute.ConvertColumn on SQL Server before a step is written.
    public override IReadOnlyList<Step> SyncOneWay(string? schema, string table, string sourceColumn, string shadowColumn, string triggerName, string? conversion = null) => conversion is not null
        ? throw new NotSupportedException("SQL Server has no conversion expression (USING).")
        :
    [
        new SqlStep(
            $"converting sync trigger (AFTER INSERT, UPDATE) {Quote(sourceColumn)} → {Quote(shadowColumn)}",
            SqlServerSyncTriggerSql.Create(schema, table, SqlServerSyncTriggerSql.OneWayTemplate(schema, table, sourceColumn, shadowColumn, triggerName))),
    ];

    public override string ConvertingBackfillSetClause(string sourceColumn, string shadowColumn) => $"{Quote(shadowColumn)} = {Quote(sourceColumn)}";

    public override Step DropSyncTrigger(string description, string? schema, string table, string triggerName) =>
        new SqlStep(description, SqlServerSyncTriggerSql.Drop(schema, triggerName));

    public override Step CopyColumnIndexes(string description, string? schema, string table, string fromColumn, string toColumn, bool retyped) =>
        new SqlStep(
            description + (target.OnlineIndexOperations ? " (online)" : $" (offline: {target.Name} has no online index build, writes wait for each build)"),
            SqlServerColumnCopySql.CopyIndexes(schema, table, fromColumn, toColumn, target.OnlineIndexOperations),
            Transactional: false) { BlocksWrites = !target.OnlineIndexOperations, Work = StepWork.IndexBuild, Table = TableOf(schema, table) };

    public override IReadOnlyList<Step> CopyForeignKeys(string? schema, string table, string fromColumn, string toColumn)
    {
        var steps = new List<Step>
        {
            new SqlStep($"copy the foreign keys of {Quote(fromColumn)} onto {Quote(toColumn)} (WITH NOCHECK: new writes checked, no scan)", SqlServerColumnCopySql.CopyForeignKeys(schema, table, fromColumn, toColumn)),
        };
        return steps;
    }

    public override Step ReplaceOldColumn(string description, string? schema, string table, string oldColumn, string newColumn, string triggerName) =>
        new SqlStep(description, SqlServerColumnCopySql.ReplaceOldColumn(schema, table, oldColumn, newColumn, triggerName));

    public override Step RestoreOriginalNames(string description, string? schema, string table, string fromColumn) =>
        new SqlStep(description + " (sp_rename)", SqlServerColumnCopySql.RestoreOriginalNames(schema, table, fromColumn));

    /// <summary>Enterprise/Azure change the type online (SQL Server 2016+): one contract step, no shadow column.</summary>
    // Both recipes (shadow column, online ALTER COLUMN in contract) keep the old type as the one both versions write until contract.
    public override TypeChangeDecision DecideTypeChange(CatalogColumn current, string newType, ServerSettings? settings) =>
        SqlServerTypeChanges.Decide(current.Type, newType, current.Dependents);

    /// <summary>
    /// A longer limit in place: <c>ALTER COLUMN</c> with the new type and the column's own nullability and collation
    /// (read when the step runs: T-SQL's ALTER COLUMN restates both, and would otherwise make it nullable and give it
    /// the database's collation). Metadata only: Sch-M for a moment, under LOCK_TIMEOUT.
    /// </summary>
    public override Step ChangeColumnTypeInExpand(string description, string? schema, string table, string column, string currentType, string newType) =>
        new SqlStep(description.Replace("ACCESS EXCLUSIVE", "Sch-M", StringComparison.Ordinal), SqlServerColumnSql.WidenInPlace(schema, table, column, newType));

    public override Step? ChangeColumnTypeInPlace(string description, string? schema, string table, string column, string alterSql)
    {
        var statement = alterSql.TrimEnd().TrimEnd(';');
        if (!target.OnlineAlterColumn || statement.Contains(';', StringComparison.Ordinal))
        {
            return null;
        }

        return new SqlStep(description, statement + " WITH (ONLINE = ON);", Transactional: false);
    }

    public override IReadOnlyList<Step> SwapShadowColumn(string? schema, string table, string column, string shadowColumn, string triggerName, string alterSql, bool notNull)
    {
        var steps = new List<Step>
        {
            new SqlStep(
                $"swap {Quote(column)} and its shadow: drop the trigger, move the default, drop {Quote(column)} (with its indexes and statistics), sp_rename the shadow",
                SqlServerColumnCopySql.SwapShadowColumn(schema, table, column, shadowColumn, triggerName)),
        };
        var statement = alterSql.TrimEnd().TrimEnd(';') + ";";
        steps.Add(notNull
            ? new SqlStep($"{statement.TrimEnd(';')} ({target.Name} has no online ALTER COLUMN: the NOT NULL scan holds Sch-M, reads and writes wait)", statement) { BlocksWrites = true, Work = StepWork.Scan, Table = TableOf(schema, table) }
            : new SqlStep($"{statement.TrimEnd(';')} (same type, nullable: metadata only)", statement));
        return steps;
    }

    /// <summary>
    /// Online where the edition allows it (+ RESUMABLE from 2019, + WAIT_AT_LOW_PRIORITY from 2022), outside any
    /// transaction, idempotent: an existing index means done, a paused resumable build is resumed.
    /// </summary>
    public override Step CreateIndex(string? schema, string table, string indexName, string createSql) =>
        CreateIndexStep(schema, table, indexName, createSql) with { Work = StepWork.IndexBuild, Table = TableOf(schema, table) };

    private SqlStep CreateIndexStep(string? schema, string table, string indexName, string createSql)
    {
        var statement = createSql.Trim().TrimEnd(';');
        var exists = $"EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = {ObjectId(schema, table)} AND name = {Literal(indexName)})";
        var what = $"create index {Quote(indexName)} on {Table(schema, table)}";
        if (!target.OnlineIndexOperations)
        {
            return new SqlStep(
                $"{what} (offline: {target.Name} has no online index build, writes to the table wait for the whole build)",
                $"IF NOT {exists}\n    {statement};",
                Transactional: false) { BlocksWrites = true };
        }

        if (statement.Contains(" WITH (", StringComparison.OrdinalIgnoreCase))
        {
            // The author gave index options (e.g. .WithOptions().Online()): kept as written.
            return new SqlStep($"{what} (with the migration's own options)", $"IF NOT {exists}\n    {statement};", Transactional: false);
        }

        var online = target.LowPriorityWaitOnCreateIndex
            ? "ONLINE = ON (WAIT_AT_LOW_PRIORITY (MAX_DURATION = 1 MINUTES, ABORT_AFTER_WAIT = SELF))"
            : "ONLINE = ON";
        if (!target.ResumableIndexCreation)
        {
            return new SqlStep($"{what} (online)", $"IF NOT {exists}\n    {statement} WITH ({online});", Transactional: false);
        }

        return new SqlStep(
            $"{what} (online, resumable{(target.LowPriorityWaitOnCreateIndex ? ", waiting for its locks at low priority" : string.Empty)})",
            $"""
            IF EXISTS (SELECT 1 FROM sys.index_resumable_operations WHERE object_id = {ObjectId(schema, table)} AND name = {Literal(indexName)} AND state_desc = N'PAUSED')
                ALTER INDEX {Quote(indexName)} ON {Table(schema, table)} RESUME;
            ELSE IF NOT {exists}
                {statement} WITH ({online}, RESUMABLE = ON);
            """,
            Transactional: false);
    }

    /// <summary>Dropping a nonclustered index is a short Sch-M, taken under LOCK_TIMEOUT.</summary>
    public override Step DropIndex(string description, string? schema, string table, string indexName) =>
        new SqlStep(description, $"DROP INDEX IF EXISTS {Quote(indexName)} ON {Table(schema, table)};");

    /// <summary>sp_rename of an index: a moment of Sch-M on the table under LOCK_TIMEOUT; only while the index still has the old name (a stopped run resumes).</summary>
    public override Step RenameIndex(string description, string? schema, string table, string fromName, string toName) =>
        new SqlStep(description, $"""
            IF EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = {ObjectId(schema, table)} AND name = {Literal(fromName)})
                EXEC sys.sp_rename @objname = {Literal(Table(schema, table) + "." + Quote(fromName))}, @newname = {Literal(toName)}, @objtype = N'INDEX';
            """);

    /// <summary>
    /// <c>WITH NOCHECK</c>: only new writes are checked, no scan. The key stays untrusted (the optimizer does not rely
    /// on it) unless validation was asked for: <c>WITH CHECK CHECK CONSTRAINT</c> scans under a schema lock.
    /// </summary>
    public override IReadOnlyList<Step> AddForeignKey(string? schema, string table, string name, string addSql)
    {
        var steps = new List<Step>
        {
            new SqlStep($"add foreign key {Quote(name)} on {Table(schema, table)} WITH NOCHECK (checks new writes only, no scan)", WithNoCheck(addSql)),
        };
        if (validateConstraints)
        {
            steps.Add(new SqlStep(
                $"validate foreign key {Quote(name)} (WITH CHECK CHECK CONSTRAINT: scans existing rows under a schema lock, the table waits)",
                $"ALTER TABLE {Table(schema, table)} WITH CHECK CHECK CONSTRAINT {Quote(name)};") { BlocksWrites = true, Work = StepWork.Scan, Table = TableOf(schema, table) });
        }

        return steps;
    }

    public override Step DropConstraintIfExists(string description, string? schema, string table, string name) =>
        new SqlStep(description, $"IF OBJECT_ID({Literal(Table(schema, table))}, N'U') IS NOT NULL\n    ALTER TABLE {Table(schema, table)} DROP CONSTRAINT IF EXISTS {Quote(name)};");

    /// <summary>No <c>USING INDEX</c> on SQL Server: the constraint builds its own index, online where the edition allows it.</summary>
    public override IReadOnlyList<Step> AddUniqueConstraint(string? schema, string table, string name, IReadOnlyList<string> columns) =>
        [KeyConstraint("unique constraint", "UNIQUE", schema, table, name, columns)];

    public override IReadOnlyList<Step> UndoUniqueConstraint(string? schema, string table, string name) =>
        [DropConstraintIfExists($"drop constraint {Quote(name)}", schema, table, name) with { Removes = Object(CatalogObjectKind.Constraint, schema, table, name) }];

    // Nothing can be built apart: the key is added in contract, once its columns are NOT NULL.
    public override IReadOnlyList<Step> PreparePrimaryKey(string? schema, string table, string name, IReadOnlyList<string> columns) => [];

    public override Step AddPrimaryKey(string? schema, string table, string name, IReadOnlyList<string> columns) =>
        KeyConstraint("primary key", "PRIMARY KEY", schema, table, name, columns);

    public override IReadOnlyList<Step> UndoPreparePrimaryKey(string? schema, string table, string name) => [];

    /// <summary>
    /// <c>sp_rename</c> and a synonym under the old name in one transaction (a moment of Sch-M, no scan): the old
    /// version's SELECT, INSERT, UPDATE and DELETE resolve through the synonym.
    /// </summary>
    public override Step RenameTableKeepingOldName(string description, string? schema, string oldName, string newName) =>
        new SqlStep(
            description + $", keeping {Quote(oldName)} as a synonym",
            $"EXEC sys.sp_rename @objname = {Literal(Table(schema, oldName))}, @newname = {Literal(newName)}, @objtype = N'OBJECT';\nCREATE SYNONYM {Table(schema, oldName)} FOR {Table(schema, newName)};");

    public override Step DropOldTableName(string? schema, string oldName) =>
        new SqlStep($"drop the compatibility synonym {Table(schema, oldName)}", $"DROP SYNONYM IF EXISTS {Table(schema, oldName)};");

    public override Step UndoRenameTable(string? schema, string oldName, string newName) =>
        new SqlStep(
            $"drop the synonym {Table(schema, oldName)} and rename {Quote(newName)} back",
            $"""
            IF OBJECT_ID({Literal(Table(schema, newName))}, N'U') IS NOT NULL
            BEGIN
                DROP SYNONYM IF EXISTS {Table(schema, oldName)};
                EXEC sys.sp_rename @objname = {Literal(Table(schema, newName))}, @newname = {Literal(oldName)}, @objtype = N'OBJECT';
            END;
            """);

    /// <summary>FluentMigrator's name for a column's default constraint.</summary>
    public static string DefaultName(string table, string column) => $"DF_{table}_{column}";

    private SqlStep KeyConstraint(string kind, string keyword, string? schema, string table, string name, IReadOnlyList<string> columns)
    {
        var online = target.OnlineIndexOperations;
        var statement = $"ALTER TABLE {Table(schema, table)} ADD CONSTRAINT {Quote(name)} {keyword} ({string.Join(", ", columns.Select(Quote))}){(online ? " WITH (ONLINE = ON)" : string.Empty)};";
        return new SqlStep(
            $"add {kind} {Quote(name)} on {Table(schema, table)} ({(online ? "index built online" : $"offline: {target.Name} has no online index build, writes wait for the build")})",
            $"IF OBJECT_ID({Literal(Quote(SchemaOrDefault(schema)) + "." + Quote(name))}) IS NULL\n    {statement}",
            Transactional: false) { BlocksWrites = !online, Work = StepWork.IndexBuild, Table = TableOf(schema, table) };
    }

    private static string WithNoCheck(string addSql)
    {
        var sql = addSql.Trim().TrimEnd(';');
        return (AddConstraint().IsMatch(sql) ? AddConstraint().Replace(sql, "ALTER TABLE $1 WITH NOCHECK ADD CONSTRAINT", 1) : sql) + ";";
    }

    [GeneratedRegex(@"NEWID|NEWSEQUENTIALID|RAND\s*\(|CRYPT_GEN_RANDOM", RegexOptions.IgnoreCase)]
    private static partial Regex VolatileFunction();

    [GeneratedRegex(@"NEWSEQUENTIALID\(\)", RegexOptions.IgnoreCase)]
    private static partial Regex SequentialId();

    [GeneratedRegex(@"^ALTER TABLE (\S+) ADD CONSTRAINT", RegexOptions.IgnoreCase)]
    private static partial Regex AddConstraint();
}
