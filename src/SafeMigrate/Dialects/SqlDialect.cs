using SafeMigrate.Sql;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Dialects;

/// <summary>
/// How one database server spells the steps of a zero-downtime release. Operations decide what happens in expand,
/// contract and rollback; the dialect writes each of those steps for its server, and may answer one request with
/// several steps (or none) where the server needs a different recipe: SQL Server has no <c>NOT VALID</c>, no BEFORE
/// row triggers and no <c>USING INDEX</c>, and what it can do online depends on its edition.
/// </summary>
internal abstract class SqlDialect : IDisposable
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>FluentMigrator's own generator for this server, for the changes that run as the author wrote them.</summary>
    public abstract FluentMigratorSql FluentMigrator { get; }

    public abstract string Quote(string identifier);

    /// <summary>The schema FluentMigrator generates for an empty one (<c>public</c>, <c>dbo</c>).</summary>
    public abstract string SchemaOrDefault(string? schema);

    /// <summary>A schema-qualified, quoted table name.</summary>
    public string Table(string? schema, string table) => Quote(SchemaOrDefault(schema)) + "." + Quote(table);

    /// <summary>A catalog object of this server, its schema defaulted as FluentMigrator defaults it.</summary>
    public CatalogObject Object(CatalogObjectKind kind, string? schema, string? table, string name) => new(kind, SchemaOrDefault(schema), table, name);

    public string ShadowColumn(string? schema, string table, string column) => SafeMigrateNames.ShadowColumn(SchemaOrDefault(schema), table, column);

    public string SyncTrigger(string? schema, string table, string column) => SafeMigrateNames.SyncTrigger(SchemaOrDefault(schema), table, column);

    public string NotNullCheck(string? schema, string table, string column) => SafeMigrateNames.NotNullCheck(SchemaOrDefault(schema), table, column);

    // ----- Decisions the planner asks the server about -----

    /// <summary>Whether a NOT NULL column with a constant default is added to a filled table without touching its rows.</summary>
    public abstract bool AddsNotNullColumnWithConstantDefaultInPlace { get; }

    /// <summary>Whether the default is evaluated per row, so adding a column with it would write every row.</summary>
    public abstract bool IsVolatileDefault(object? defaultValue);

    /// <summary>The expression a backfill writes into existing rows for a column's default.</summary>
    public virtual string BackfillValueOfDefault(string defaultExpression) => defaultExpression;

    /// <summary>
    /// Whether raw SQL must run outside a transaction (PostgreSQL CONCURRENTLY, VACUUM; SQL Server RESUMABLE), as the
    /// SQL reader the analyzer shares reads it: comments and string literals never change the answer.
    /// </summary>
    public bool RunsOutsideTransaction(string sql) => Read(sql).RunsOutsideTransaction;

    /// <summary>Raw SQL of a migration as a step: whether it runs in a transaction, and what it does to which table, as the SQL reader reads it.</summary>
    public SqlStep RawSqlStep(string description, string sql)
    {
        var reading = Read(sql);
        var touch = reading.Tables.OrderBy(t => t.Work switch { SqlTableWork.Rewrite => 0, SqlTableWork.IndexBuild => 1, _ => 2 }).FirstOrDefault();
        return new SqlStep(description, sql, !reading.RunsOutsideTransaction)
        {
            Work = touch?.Work switch
            {
                SqlTableWork.Rewrite => StepWork.Rewrite,
                SqlTableWork.IndexBuild => StepWork.IndexBuild,
                SqlTableWork.Scan => StepWork.Scan,
                _ => StepWork.CatalogOnly,
            },
            Table = touch is null ? null : TableOf(touch.Schema, touch.Table),
        };
    }

    private RawSqlReading Read(string sql) => RawSqlReader.Read(sql, Provider == DatabaseProvider.SqlServer ? SqlFlavor.SqlServer : SqlFlavor.Postgres);

    /// <summary>A condition true when the two columns differ, NULLs included.</summary>
    public abstract string IsDistinct(string left, string right);

    /// <summary>Adds <paramref name="newColumn"/> with the type <paramref name="sourceColumn"/> has when the step runs, nullable, unless it exists.</summary>
    public abstract string AddColumnOfSameType(string? schema, string table, string sourceColumn, string newColumn);

    /// <summary>The statement that drops a column in contract, given what FluentMigrator writes for it.</summary>
    public virtual string DropColumn(string? schema, string table, string column, string fluentMigratorSql) => fluentMigratorSql;

    public abstract string DropSchemaIfExists(string schema);

    // ----- Columns -----

    /// <summary>Sets a per-row default after the column exists: new rows only, no rewrite.</summary>
    public abstract Step SetDefault(string? schema, string table, string column, string defaultExpression);

    public abstract Step DropColumnIfExists(string description, string? schema, string table, string column);

    /// <summary>Makes the column nullable when it is NOT NULL without a default, so inserts that omit it succeed.</summary>
    public abstract Step DropNotNullIfNoDefault(string description, string? schema, string table, string column);

    /// <summary>
    /// The undo of <see cref="DropNotNullIfNoDefault"/> in a rollback: NOT NULL again. When rows the new version wrote
    /// during the overlap left it NULL, the rollback stops at that step with the count and the fix: it neither invents
    /// values nor deletes rows, nor leaves the column silently nullable (SQL Server: no steps, see sqlserver.md).
    /// </summary>
    public abstract IReadOnlyList<Step> RestoreNotNull(string? schema, string table, string column);

    /// <summary>
    /// NOT NULL on an existing column without a long lock where the server allows it.
    /// </summary>
    /// <param name="finalSql">The statement that sets NOT NULL (FluentMigrator's ALTER COLUMN, say); null: the dialect's own.</param>
    /// <param name="onlyIfNotNull">Only when this other column of the table is NOT NULL when the step runs (the old column of a rename).</param>
    public abstract IReadOnlyList<Step> SetNotNull(string? schema, string table, string column, string? finalSql = null, string? onlyIfNotNull = null);

    // ----- Renamed and retyped columns -----

    /// <summary>What keeps a renamed column's old and new names equal while both versions write: a trigger, and whatever the server needs for it.</summary>
    public abstract IReadOnlyList<Step> SyncTwoWay(string? schema, string table, string oldColumn, string newColumn, string triggerName);

    /// <summary>What keeps a shadow column of a new type equal to the original, converted, while both versions write the original.</summary>
    /// <param name="conversion">The new value as an expression over the row's columns (<c>Execute.ConvertColumn</c>'s USING); null: the server's assignment cast.</param>
    public abstract IReadOnlyList<Step> SyncOneWay(string? schema, string table, string sourceColumn, string shadowColumn, string triggerName, string? conversion = null);

    /// <summary>The SET clause of the backfill that fills a shadow column from the original.</summary>
    public abstract string ConvertingBackfillSetClause(string sourceColumn, string shadowColumn);

    public abstract Step DropSyncTrigger(string description, string? schema, string table, string triggerName);

    /// <summary>
    /// Copies the indexes on <paramref name="fromColumn"/> (and, on PostgreSQL, its CHECK constraints) onto
    /// <paramref name="toColumn"/> under SafeMigrate names that remember the originals.
    /// </summary>
    /// <param name="retyped">The new column is a type change's shadow: the copies are rebuilt for its type.</param>
    public abstract Step CopyColumnIndexes(string description, string? schema, string table, string fromColumn, string toColumn, bool retyped);

    /// <summary>Copies the single-column foreign keys of <paramref name="fromColumn"/> onto <paramref name="toColumn"/> without a validating scan (and validates them where that does not block writes).</summary>
    public abstract IReadOnlyList<Step> CopyForeignKeys(string? schema, string table, string fromColumn, string toColumn);

    /// <summary>Contract of a rename: the new column takes the old one's default, the trigger goes, then the old column.</summary>
    public abstract Step ReplaceOldColumn(string description, string? schema, string table, string oldColumn, string newColumn, string triggerName);

    /// <summary>Gives copies of indexes and constraints of <paramref name="fromColumn"/> (now dropped) their original names.</summary>
    public abstract Step RestoreOriginalNames(string description, string? schema, string table, string fromColumn);

    /// <summary>
    /// How a change of <paramref name="current"/> (its type as the catalog spells it, and what depends on it) to
    /// <paramref name="newType"/> (FluentMigrator's, normalized the same way) runs: in place in expand, with the shadow
    /// column, or refused because a value the new version writes during the overlap would be stored changed.
    /// </summary>
    /// <param name="settings">The server's version and the session's TimeZone; null when unknown.</param>
    public abstract TypeChangeDecision DecideTypeChange(CatalogColumn current, string newType, ServerSettings? settings);

    /// <summary>
    /// The expand step that changes the type in place, for a change <see cref="DecideTypeChange"/> found catalog-only:
    /// one short statement under the lock timeout, the new type only (nullability is left to its own steps).
    /// </summary>
    public virtual Step ChangeColumnTypeInExpand(string description, string? schema, string table, string column, string currentType, string newType) =>
        throw new InvalidOperationException($"{Provider} does not change column types in place in expand.");

    /// <summary>
    /// When the server changes a column's type in place without blocking (SQL Server online ALTER COLUMN), the one
    /// contract step that does it; null when the shadow-column recipe is needed.
    /// </summary>
    public abstract Step? ChangeColumnTypeInPlace(string description, string? schema, string table, string column, string alterSql);

    /// <summary>Contract of a retyped column: the shadow takes the original's place, then FluentMigrator's ALTER COLUMN sets nullability.</summary>
    public abstract IReadOnlyList<Step> SwapShadowColumn(string? schema, string table, string column, string shadowColumn, string triggerName, string alterSql, bool notNull);

    // ----- Indexes and constraints -----

    /// <summary>Builds an index without blocking writes where the server can.</summary>
    /// <param name="createSql">FluentMigrator's CREATE INDEX.</param>
    public abstract Step CreateIndex(string? schema, string table, string indexName, string createSql);

    public abstract Step DropIndex(string description, string? schema, string table, string indexName);

    /// <summary>Renames an index of <paramref name="table"/> when it still has <paramref name="fromName"/> (a stopped run resumes).</summary>
    public abstract Step RenameIndex(string description, string? schema, string table, string fromName, string toName);

    /// <summary>
    /// An index a raw SQL <c>DROP INDEX</c> names, by its name as written (its schema found as the statement would
    /// find it): only PostgreSQL plans one (<see cref="Sql.SqlStatement.PlainDroppedIndexes"/>).
    /// </summary>
    public virtual Step DropIndexByName(string description, string nameAsWritten) =>
        throw new NotSupportedException($"{Provider} does not plan a raw DROP INDEX by name.");

    /// <summary>Adds a foreign key checking new writes only, then validates existing rows where that does not block writes.</summary>
    public abstract IReadOnlyList<Step> AddForeignKey(string? schema, string table, string name, string addSql);

    public abstract Step DropConstraintIfExists(string description, string? schema, string table, string name);

    public abstract IReadOnlyList<Step> AddUniqueConstraint(string? schema, string table, string name, IReadOnlyList<string> columns);

    public abstract IReadOnlyList<Step> UndoUniqueConstraint(string? schema, string table, string name);

    /// <summary>What expand prepares for a primary key on an existing table (its index, where it can be built apart).</summary>
    public abstract IReadOnlyList<Step> PreparePrimaryKey(string? schema, string table, string name, IReadOnlyList<string> columns);

    /// <summary>The primary key itself, once its columns are NOT NULL (contract).</summary>
    public abstract Step AddPrimaryKey(string? schema, string table, string name, IReadOnlyList<string> columns);

    public abstract IReadOnlyList<Step> UndoPreparePrimaryKey(string? schema, string table, string name);

    // ----- Tables -----

    public abstract Step RenameTableKeepingOldName(string description, string? schema, string oldName, string newName);

    public abstract Step DropOldTableName(string? schema, string oldName);

    public abstract Step UndoRenameTable(string? schema, string oldName, string newName);

    /// <summary>The table a step touches, for <see cref="Step.Table"/>.</summary>
    protected TableName TableOf(string? schema, string table) => new(SchemaOrDefault(schema), table);

    public void Dispose()
    {
        FluentMigrator.Dispose();
        GC.SuppressFinalize(this);
    }
}
