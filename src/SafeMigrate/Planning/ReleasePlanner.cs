using FluentMigrator.Expressions;
using FluentMigrator.Model;
using SafeMigrate.Backfill;
using SafeMigrate.Checks;
using SafeMigrate.Dialects;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Operations;
using SafeMigrate.Catalog;
using SafeMigrate.Sql;
using SafeMigrate.Steps;
using SafeMigrate.Loading;
using SafeMigrate.Rules;

namespace SafeMigrate.Planning;

/// <summary>
/// Turns the expressions of a release's pending migrations into operations, and those into expand, contract and
/// rollback steps. It follows the release as it goes: objects created by an earlier expression need no dance, and a
/// later migration sees the names an earlier one's expand made (a renamed column exists under its new name).
/// </summary>
internal sealed partial class ReleasePlanner
{
    private readonly SqlDialect _dialect;
    private readonly FluentMigratorSql _sql;
    private readonly CatalogSnapshot? _catalog;
    private readonly ServerSettings? _settings;
    private readonly IReadOnlyDictionary<string, string> _normalizedTypes;
    private readonly int _batchSize;
    private readonly TimeSpan _delay;

    private readonly HashSet<(string, string)> _createdTables = [];
    private readonly HashSet<(string, string, string)> _createdColumns = [];
    private readonly HashSet<(string, string, string)> _renamedColumns = [];
    private readonly Dictionary<(string, string), (string, string)> _tableOrigins = [];
    private readonly Dictionary<(string, string, string), string> _columnOrigins = [];
    private readonly Dictionary<(string, string, string), BackfillRequest> _fills = [];
    private readonly List<CatalogColumn> _retypedInPlace = [];

    // Whether the migration being planned is checked against the catalog (live, and its expand not begun).
    private bool _checkAgainstCatalog;

    // Existing tables that get a primary key earlier in the release: a later backfill can walk it.
    private readonly HashSet<(string, string)> _keyedInRelease = [];

    // Names of existing tables and columns that the release drops or renames away: the old version keeps using them
    // until contract, so nothing new may take the name during the overlap.
    private readonly HashSet<(string, string)> _vacatedTables = [];
    private readonly HashSet<(string, string, string)> _vacatedColumns = [];

    // Names of indexes the release drops (in contract): an index created under one of them later in the release is
    // built under a name of its own and takes the name once the drop has run (RebuildIndexOperation).
    private readonly HashSet<string> _droppedIndexes = new(StringComparer.Ordinal);

    /// <param name="dialect">The target server's dialect: it writes every step.</param>
    /// <param name="catalog">The live catalog, or null when planning without a connection (type changes are then assumed).</param>
    /// <param name="normalizedTypes">FluentMigrator type names as <c>format_type</c> spells them (read by each provider's catalog reader).</param>
    /// <param name="settings">The server's version and the session's TimeZone, read next to the catalog (by the provider); null when unknown.</param>
    public ReleasePlanner(SqlDialect dialect, CatalogSnapshot? catalog, IReadOnlyDictionary<string, string>? normalizedTypes, int batchSize, TimeSpan delay, ServerSettings? settings = null)
    {
        _settings = settings;
        _dialect = dialect;
        _sql = dialect.FluentMigrator;
        _catalog = catalog;
        _normalizedTypes = normalizedTypes ?? new Dictionary<string, string>();
        _batchSize = batchSize;
        _delay = delay;
    }

    /// <summary>
    /// Columns of the catalog whose indexes or constraints cannot be copied onto a new column (by schema, table, column),
    /// with the reason: a rename or a shadow-column type change of one is refused (SM5109). Read by the provider.
    /// </summary>
    public IReadOnlyDictionary<(string Schema, string Table, string Column), string> UncopiableColumns { get; init; } =
        new Dictionary<(string, string, string), string>();

    /// <summary>The types of every Alter.Column of the release, as FluentMigrator writes them: normalize them before planning.</summary>
    public static IReadOnlyList<string> AlteredColumnTypes(FluentMigratorSql sql, IEnumerable<MigrationUnit> migrations) =>
        migrations.SelectMany(m => m.Expressions).OfType<AlterColumnExpression>()
            .Select(a => sql.ColumnType(a.SchemaName, a.TableName, a.Column)).Distinct().ToList();

    /// <param name="started">
    /// Migrations whose expand has begun: the catalog holds their own work (a renamed column's new name, an added
    /// column), so it is not checked against their names and keys; it was when their expand was planned.
    /// </param>
    public ReleasePlan Plan(IReadOnlyList<MigrationUnit> migrations, IReadOnlySet<long>? started = null)
    {
        var planned = new List<PlannedMigration>();
        var refusals = new List<Refusal>();
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            _checkAgainstCatalog = _catalog is not null && started?.Contains(migration.Version) != true;
            var operations = new List<Operation>();
            foreach (var expression in migration.Expressions)
            {
                var result = PlanExpression(expression);
                if (result.Refused is null && RefuseBackfillWithoutKey(result.Operations) is { } keyless)
                {
                    result = keyless;
                }

                if (result.Refused is { } refusal)
                {
                    refusals.Add(new Refusal(migration.Version, refusal.RuleId, refusal.What, refusal.Reason, refusal.Recipe));
                }

                operations.AddRange(result.Operations);
            }

            planned.Add(Assemble(migration, operations));
        }

        return new ReleasePlan(planned, refusals) { ColumnsRetypedInPlace = _retypedInPlace };
    }

    /// <summary>
    /// The plan for a database where no migration is applied yet: no old version runs against it, so each migration is
    /// applied as plain FluentMigrator applies it, expression by expression (raw SQL and C# data fixes included), in
    /// expand; nothing is left for contract, and there is no rollback.
    /// </summary>
    public ReleasePlan PlanInstall(IReadOnlyList<MigrationUnit> migrations)
    {
        var planned = new List<PlannedMigration>();
        var refusals = new List<Refusal>();
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            // TransactionBehavior.None: FluentMigrator runs the statements outside a transaction (CREATE INDEX CONCURRENTLY).
            var transactional = migration.Descriptor.TransactionBehavior != global::FluentMigrator.TransactionBehavior.None;
            var steps = new List<Step>();
            foreach (var expression in migration.Expressions)
            {
                switch (expression)
                {
                    case PerformDBOperationExpression e:
                        steps.Add(new DataFixStep($"run the data fix {(string.IsNullOrEmpty(e.Description) ? "of Execute.WithConnection" : e.Description)} (new database)", e.Operation));
                        break;
                    case ExecuteSqlScriptExpression or ExecuteEmbeddedSqlScriptExpression:
                        refusals.Add(new Refusal(migration.Version, RuleIds.SqlScriptWithoutPhase, "Execute.Script / Execute.EmbeddedScript",
                            "SafeMigrate does not read SQL script files.", "Inline the script's statements with Execute.Sql."));
                        break;
                    case ExecuteSqlStatementExpression e:
                        steps.Add(new SqlStep($"run {Shorten(e.SqlStatement)} (new database)", e.SqlStatement, transactional && !_dialect.RunsOutsideTransaction(e.SqlStatement)));
                        break;
                    case PhasedSqlExpression e:
                        steps.Add(new SqlStep($"run {Shorten(e.SqlStatement)} (new database)", e.SqlStatement, transactional && !_dialect.RunsOutsideTransaction(e.SqlStatement)));
                        break;
                    default:
                        var sql = _sql.Generate(expression);
                        if (!string.IsNullOrWhiteSpace(sql))
                        {
                            steps.Add(new SqlStep($"{Describe(expression)} (new database, as plain FluentMigrator)", sql, transactional && !_dialect.RunsOutsideTransaction(sql)));
                        }

                        break;
                }
            }

            planned.Add(new PlannedMigration(migration.Version, migration.Descriptor.Description, steps, [], []));
        }

        return new ReleasePlan(planned, refusals);
    }

    private static string Describe(IMigrationExpression expression)
    {
        var name = expression.GetType().Name;
        return name.EndsWith("Expression", StringComparison.Ordinal) ? name[..^"Expression".Length] : name;
    }

    /// <summary>
    /// The migration's steps: expand and contract in the order of its operations, rollback in the reverse order, each
    /// rollback step tagged with the expand steps of its operation, so that rollback undoes only what ran.
    /// </summary>
    private static PlannedMigration Assemble(MigrationUnit migration, IReadOnlyList<Operation> operations)
    {
        var expand = new List<Step>();
        var undo = new List<IReadOnlyList<Step>>();
        foreach (var operation in operations)
        {
            var first = expand.Count;
            expand.AddRange(operation.Expand());
            var ownExpandSteps = Enumerable.Range(first, expand.Count - first).ToArray();
            undo.Add(operation.Rollback().Select(step => step with { UndoesExpandSteps = ownExpandSteps }).ToList());
        }

        return new PlannedMigration(
            migration.Version,
            migration.Descriptor.Description,
            expand,
            operations.SelectMany(o => o.Contract()).ToList(),
            Enumerable.Reverse(undo).SelectMany(steps => steps).ToList());
    }

    private OperationChoice PlanExpression(IMigrationExpression expression)
    {
        // FluentMigrator names a column's default constraint after Column.TableName (DF_table_column on SQL Server),
        // which Create.Column/Alter.Column leave unset: DF__column would clash between tables.
        switch (expression)
        {
            case CreateColumnExpression { Column.TableName: null or "" } create:
                create.Column.TableName = create.TableName;
                break;
            case AlterColumnExpression { Column.TableName: null or "" } alter:
                alter.Column.TableName = alter.TableName;
                break;
        }

        return Plan(expression);
    }

    private OperationChoice Plan(IMigrationExpression expression) => expression switch
    {
        CreateTableExpression e => PlanCreateTable(e),
        CreateColumnExpression e => PlanCreateColumn(e),
        RenameColumnExpression e => PlanRenameColumn(e),
        RenameTableExpression e => PlanRenameTable(e),
        AlterColumnExpression e => PlanAlterColumn(e),
        DeleteColumnExpression e => PlanDeleteColumn(e),
        DeleteTableExpression e => PlanDeleteTable(e),
        CreateIndexExpression e => PlanCreateIndex(e),
        DeleteIndexExpression e => IsCreated(e.Index.SchemaName, e.Index.TableName)
            ? AsIs($"drop index {Quote(e.Index.Name)} (table created in this release)", e)
            : DroppingIndexes([e.Index.Name], OperationChoice.Of(new DropIndexOperation(_dialect, e.Index.SchemaName, e.Index.TableName, e.Index.Name))),
        CreateForeignKeyExpression e => IsCreated(e.ForeignKey.ForeignTableSchema, e.ForeignKey.ForeignTable)
            ? AsIs($"add foreign key {Quote(e.ForeignKey.Name)} (table created in this release)", e)
            : OperationChoice.Of(new AddForeignKeyOperation(_dialect, e.ForeignKey.ForeignTableSchema, e.ForeignKey.ForeignTable, e.ForeignKey.Name, _sql.Generate(e))),
        DeleteForeignKeyExpression e => IsCreated(e.ForeignKey.ForeignTableSchema, e.ForeignKey.ForeignTable)
            ? AsIs($"drop foreign key {Quote(e.ForeignKey.Name)} (table created in this release)", e)
            : OperationChoice.Of(new DropInContractOperation($"drop foreign key {Quote(e.ForeignKey.Name)}", _sql.Generate(e))),
        CreateConstraintExpression e => PlanCreateConstraint(e),
        DeleteConstraintExpression e => IsCreated(e.Constraint.SchemaName, e.Constraint.TableName)
            ? AsIs($"drop constraint {Quote(e.Constraint.ConstraintName)} (table created in this release)", e)
            : OperationChoice.Of(new DropInContractOperation($"drop constraint {Quote(e.Constraint.ConstraintName)}", _sql.Generate(e))),
        UpdateDataExpression e => PlanUpdate(e),
        InsertDataExpression e => PlanInsert(e),
        DeleteDataExpression e => OperationChoice.Of(new InsertDataOperation($"delete rows of {Table(e.SchemaName, e.TableName)}", _sql.Generate(e))),
        AlterDefaultConstraintExpression e => AsIs($"set the default of {Table(e.SchemaName, e.TableName)}.{Quote(e.ColumnName)} (catalog only)", e),
        DeleteDefaultConstraintExpression e => IsCreated(e.SchemaName, e.TableName)
            ? AsIs($"drop the default of {Quote(e.ColumnName)} (table created in this release)", e)
            : OperationChoice.Of(new DropInContractOperation($"drop the default of {Table(e.SchemaName, e.TableName)}.{Quote(e.ColumnName)}", _sql.Generate(e))),
        CreateSchemaExpression e => OperationChoice.Of(new RunAsIsOperation(
            $"create schema {Quote(e.SchemaName)}", _sql.Generate(e), _dialect.DropSchemaIfExists(e.SchemaName), _dialect.Object(CatalogObjectKind.Schema, e.SchemaName, null, e.SchemaName))),
        DeleteSchemaExpression e => OperationChoice.Of(new DropInContractOperation($"drop schema {Quote(e.SchemaName)}", _sql.Generate(e))),
        CreateSequenceExpression e => AsIs($"create sequence {Quote(e.Sequence.Name)}", e),
        DeleteSequenceExpression e => OperationChoice.Of(new DropInContractOperation($"drop sequence {Quote(e.SequenceName)}", _sql.Generate(e))),
        AlterTableExpression e => string.IsNullOrWhiteSpace(_sql.Generate(e)) ? OperationChoice.Of() : AsIs($"alter table {Table(e.SchemaName, e.TableName)}", e),
        PhasedSqlExpression e => OperationChoice.Of(new RawSqlOperation(_dialect, e.SqlStatement, e.Phase, e.RollbackSql)),
        ExecuteSqlStatementExpression e when PlanInsertSelectOfEveryRow(e.SqlStatement) is { } copy => copy,
        ExecuteSqlStatementExpression e => RawSqlReader.Read(e.SqlStatement, _dialect.Provider == Loading.DatabaseProvider.SqlServer ? SqlFlavor.SqlServer : SqlFlavor.Postgres) is var reading
            && PlanRawDataChange(e.SqlStatement, reading) is { } dataChange
            ? dataChange
            : reading.Phase is var phase and not SqlPhase.Unknown
            ? reading.Flavor == SqlFlavor.Postgres && reading.Statements[0].PlainDroppedIndexes is { } indexes
                ? DroppingIndexes(indexes.Select(PostgresNameAsStored), OperationChoice.Of(new DropIndexFromSqlOperation(_dialect, indexes, e.SqlStatement)))
                : OperationChoice.Of(new RawSqlOperation(_dialect, e.SqlStatement, phase == SqlPhase.Expand ? DeclaredPhase.Expand : DeclaredPhase.Contract, null))
            : reading.Statements.Any(s => s.Findings.Any(f => f.IsTypeChange))
            ? OperationChoice.Refuse(
                RuleIds.RawSqlWithoutPhase,
                $"Execute.Sql(\"{Shorten(e.SqlStatement)}\")",
                "a column type changed in place rewrites the table and its indexes under an exclusive lock (PostgreSQL, unless the change needs no rewrite; SQL Server: size-of-data under Sch-M), and the old version keeps writing values of the old type.",
                "Change the type with Alter.Column(..): the runner adds a column of the new type, keeps both in sync and fills it in batches (a widening that needs no rewrite runs in place). For a conversion Alter.Column cannot express (USING ...), on PostgreSQL: Execute.ConvertColumn(table, column, newType, usingExpression) (using SafeMigrate.FluentMigrator) runs the same recipe with your expression, and plain FluentMigrator runs it as ALTER COLUMN ... TYPE ... USING.")
            : OperationChoice.Refuse(
                RuleIds.RawSqlWithoutPhase,
                $"Execute.Sql(\"{Shorten(e.SqlStatement)}\")",
                "SafeMigrate cannot tell whether this SQL is safe while the old version runs.",
                "Declare its phase: Execute.SqlInExpand(sql, rollbackSql) for additions, Execute.SqlInContract(sql) for removals (using SafeMigrate.FluentMigrator)."),
        ExecuteSqlScriptExpression or ExecuteEmbeddedSqlScriptExpression => OperationChoice.Refuse(
            RuleIds.SqlScriptWithoutPhase,
            "Execute.Script / Execute.EmbeddedScript",
            "SafeMigrate cannot tell whether a script is safe while the old version runs.",
            "Split the script into statements and declare each phase with Execute.SqlInExpand / Execute.SqlInContract."),
        BatchedConnectionExpression e => PlanBatchedFix(e),
        PhasedConnectionExpression e => OperationChoice.Of(new DataFixOperation(e.Operation, e.Phase)),
        ColumnConversionExpression e => PlanColumnConversion(e),
        PerformDBOperationExpression => OperationChoice.Refuse(
            RuleIds.OpaqueDelegate,
            "Execute.WithConnection(...)",
            "the delegate is opaque: SafeMigrate cannot know what it does nor in which phase it may run.",
            "Declare its phase: Execute.WithConnectionInExpand((connection, transaction) => ..) for a fix both versions can live with, Execute.WithConnectionInContract(..) for one only the new version can (using SafeMigrate.FluentMigrator). " +
            "When the fix touches many rows of a big table, use the batched form, Execute.WithConnectionInBatches(\"table\", (connection, transaction, batch) => .. WHERE batch.Where ..) (or WithConnectionInBatchesInContract): each batch commits on its own, holds its row locks for about 100 ms, and a killed run resumes after the last committed batch. " +
            "Or use Update.Table(..).AllRows() / SQL with a declared phase."),
        _ => OperationChoice.Refuse(
            RuleIds.UnsupportedExpression,
            expression.GetType().Name,
            "SafeMigrate does not know how to run this expression safely.",
            "Express the change with Execute.SqlInExpand / Execute.SqlInContract, or run this migration with plain FluentMigrator in a maintenance window."),
    };

    /// <summary>
    /// A new index; under the name of one the release drops, a rebuild: the drop runs in contract, so the new index is
    /// built under a name of its own (FluentMigrator's statement generated for that name) and renamed after the drop.
    /// </summary>
    private OperationChoice PlanCreateIndex(CreateIndexExpression e)
    {
        var index = e.Index;
        if (!_droppedIndexes.Contains(index.Name))
        {
            return OperationChoice.Of(new CreateIndexOperation(_dialect, index.SchemaName, index.TableName, index.Name, _sql.Generate(e)));
        }

        var name = index.Name;
        var buildName = SafeMigrateNames.For("ix", _dialect.SchemaOrDefault(index.SchemaName), index.TableName, name);
        index.Name = buildName;
        try
        {
            return OperationChoice.Of(new RebuildIndexOperation(_dialect, index.SchemaName, index.TableName, name, buildName, _sql.Generate(e)));
        }
        finally
        {
            index.Name = name;
        }
    }

    private OperationChoice DroppingIndexes(IEnumerable<string> names, OperationChoice drop)
    {
        _droppedIndexes.UnionWith(names);
        return drop;
    }

    /// <summary>The stored name of an index as a PostgreSQL statement writes it: the last part of a qualified name, unquoted, else folded to lower case.</summary>
    private static string PostgresNameAsStored(string written)
    {
        var name = written.Trim();
        if (name.EndsWith('"'))
        {
            // Back to the opening quote, past doubled quotes ("a""b" is a"b).
            var open = name.Length - 2;
            while (open > 0 && !(name[open] == '"' && name[open - 1] != '"'))
            {
                open -= name[open] == '"' ? 2 : 1;
            }

            return name[(open + 1)..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }

        var dot = name.LastIndexOf('.');
        return (dot >= 0 ? name[(dot + 1)..] : name).ToLowerInvariant();
    }

    private OperationChoice AsIs(string description, IMigrationExpression expression, string? rollbackSql = null) =>
        OperationChoice.Of(new RunAsIsOperation(description, _sql.Generate(expression), rollbackSql));

    private OperationChoice PlanDeleteTable(DeleteTableExpression e)
    {
        if (_createdTables.Remove(Key(e.SchemaName, e.TableName)))
        {
            return AsIs($"drop table {Table(e.SchemaName, e.TableName)} (created in this release)", e);
        }

        if (RefuseMissing($"Delete.Table(\"{e.TableName}\")", e.SchemaName, e.TableName, null) is { } missing)
        {
            return missing;
        }

        _vacatedTables.Add(Key(e.SchemaName, e.TableName));
        return OperationChoice.Of(new DropTableOperation(_dialect, e.SchemaName, e.TableName, _sql.Generate(e)));
    }

    /// <summary>
    /// A table or column whose name an existing one gives up in this release (dropped or renamed away): the old version
    /// still reads and writes the original until contract, so a new object of that name would either fail in expand or,
    /// worse, have the old version's rows and shape taken from under it.
    /// </summary>
    private OperationChoice? RefuseReuse(string what, string? schema, string table, string? column)
    {
        var vacated = column is null ? _vacatedTables.Contains(Key(schema, table)) : _vacatedColumns.Contains(Key(schema, table, column));
        if (!vacated)
        {
            return null;
        }

        var name = column is null ? $"table {Table(schema, table)}" : $"column {Table(schema, table)}.{Quote(column)}";
        return OperationChoice.Refuse(
            RuleIds.DroppedObjectRecreated,
            what,
            $"the release drops or renames the existing {name} and then creates one of the same name; the running version still uses the original until contract, so its rows and shape would be lost.",
            "Give the new object a new name, copy what it needs from the old one, switch the app to it, and drop the old one in a later release.");
    }

    /// <summary>
    /// A table (and column) the expression needs that the catalog, as the release has left it so far, does not have:
    /// the statement would fail half-way through the release, after earlier steps changed the schema. Null offline.
    /// </summary>
    private OperationChoice? RefuseMissing(string what, string? schema, string table, string? column)
    {
        if (!_checkAgainstCatalog || IsCreated(schema, table))
        {
            return null;
        }

        if (!TableExists(schema, table))
        {
            return RefuseName(what, $"there is no table {Table(schema, table)} in the database, nor one the release creates before this migration.");
        }

        return column is null || ColumnExists(schema, table, column)
            ? null
            : RefuseName(what, $"there is no column {Quote(column)} in {Table(schema, table)}, nor one the release adds before this migration.");
    }

    /// <summary>A new name (of a table, or of a column of <paramref name="table"/>) that the database already has: the statement would fail half-way through the release. Null offline.</summary>
    private OperationChoice? RefuseTaken(string what, string? schema, string table, string? column)
    {
        if (!_checkAgainstCatalog)
        {
            return null;
        }

        if (column is null)
        {
            return TableExists(schema, table) ? RefuseName(what, $"the database already has a table or view {Table(schema, table)}.") : null;
        }

        return !IsCreated(schema, table) && ColumnExists(schema, table, column)
            ? RefuseName(what, $"{Table(schema, table)} already has a column {Quote(column)}.")
            : null;
    }

    /// <summary>
    /// A column to be replaced by a new one (renamed, or retyped through a shadow column) with an index or constraint
    /// that cannot be copied onto it (<see cref="UncopiableColumns"/>): the copy step would stop half-way, after the new
    /// column, its trigger and its backfill. Null offline and for a table or column the catalog does not have.
    /// </summary>
    private OperationChoice? RefuseUncopiable(string what, string? schema, string table, string column)
    {
        if (!_checkAgainstCatalog || !UncopiableColumns.TryGetValue(Key(schema, table, column), out var problem))
        {
            return null;
        }

        return OperationChoice.Refuse(
            RuleIds.UncopiableColumnDependent,
            what,
            $"SafeMigrate replaces {Table(schema, table)}.{Quote(column)} by a new column and copies what uses it, but {problem}.",
            "Drop that index or constraint in an earlier release (Delete.Index, Delete.ForeignKey, Execute.SqlInContract for an exclusion or CHECK constraint), make this change, then create what you need on the new column in a later migration (Create.Index with an operator class of the new type, say).");
    }

    private static OperationChoice RefuseName(string what, string reason) => OperationChoice.Refuse(
        RuleIds.MissingOrTakenName,
        what,
        char.ToUpperInvariant(reason[0]) + reason[1..],
        "Check the names against the database the release runs on (a migration of another branch, a typo, a table renamed by hand); name only tables and columns it has, and new names it does not have.");

    private bool TableExists(string? schema, string table)
    {
        var key = Key(schema, table);
        if (IsCreated(schema, table) || _tableOrigins.ContainsKey(key))
        {
            return true;
        }

        return _catalog!.HasRelation(key.Item1, key.Item2)
            || (_catalog.NamesIgnoreCase && _catalog.Relations.Any(r => string.Equals(r.Schema, key.Item1, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Table, key.Item2, StringComparison.OrdinalIgnoreCase)));
    }

    private bool ColumnExists(string? schema, string table, string column)
    {
        var key = Key(schema, table, column);
        if (_createdColumns.Contains(key) || _renamedColumns.Contains(key) || FindInCatalog(schema, table, column) is not null)
        {
            return true;
        }

        // SQL Server's usual collations compare names without case; FluentMigrator's names are then matched the same way.
        var tableKey = Key(schema, table);
        var origin = _tableOrigins.GetValueOrDefault(tableKey, tableKey);
        return _catalog!.NamesIgnoreCase && _catalog.Columns.Any(c =>
            string.Equals(c.Schema, origin.Item1, StringComparison.OrdinalIgnoreCase) && string.Equals(c.Table, origin.Item2, StringComparison.OrdinalIgnoreCase)
            && string.Equals(c.Column, _columnOrigins.GetValueOrDefault(key, column), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A backfill (of a rename, a type change, an all-rows update…) on an existing table that has no key to walk in
    /// batches: the driver would refuse it only at its step, after the steps before it (the new column, the trigger)
    /// changed the schema. Null when the catalog does not tell (offline, SQL Server).
    /// </summary>
    private OperationChoice? RefuseBackfillWithoutKey(IReadOnlyList<Operation> operations)
    {
        if (!_checkAgainstCatalog || _catalog?.KeyedTables is not { } keyed)
        {
            return null;
        }

        foreach (var operation in operations)
        {
            // A batched C# data fix walks the key like a backfill, in expand or in contract.
            var walks = operation.Expand().OfType<BackfillStep>().Select(fill => (fill.Request.Schema, fill.Request.Table))
                .Concat(operation.Expand().Concat(operation.Contract()).OfType<BatchedDataFixStep>().Select(fix => (fix.Walks.Schema, fix.Walks.Name)));
            foreach (var key in walks)
            {
                var origin = _tableOrigins.GetValueOrDefault(key, key);
                if (_createdTables.Contains(key) || _keyedInRelease.Contains(key) || keyed.Contains(origin) || !_catalog.HasRelation(origin.Item1, origin.Item2))
                {
                    continue;
                }

                return OperationChoice.Refuse(
                    RuleIds.BackfillWithoutKey,
                    operation.Description,
                    $"{Table(origin.Item1, origin.Item2)} has no primary key and no unique index whose columns are all NOT NULL, so the backfill this needs cannot walk its rows in batches.",
                    "Give the table a primary key (Create.PrimaryKey, earlier in this release or in an earlier one), or a unique index on NOT NULL columns, before this migration.");
            }
        }

        return null;
    }

    private OperationChoice PlanCreateTable(CreateTableExpression e)
    {
        if (RefuseReuse($"Create.Table(\"{e.TableName}\")", e.SchemaName, e.TableName, null) is { } refused)
        {
            return refused;
        }

        if (RefuseTaken($"Create.Table(\"{e.TableName}\")", e.SchemaName, e.TableName, null) is { } taken)
        {
            return taken;
        }

        var key = Key(e.SchemaName, e.TableName);
        _createdTables.Add(key);
        foreach (var column in e.Columns)
        {
            _createdColumns.Add((key.Item1, key.Item2, column.Name));
        }

        return OperationChoice.Of(new CreateTableOperation(_dialect, e.SchemaName, e.TableName, _sql.Generate(e)));
    }

    private OperationChoice PlanCreateColumn(CreateColumnExpression e)
    {
        var column = e.Column;
        var columnKey = Key(e.SchemaName, e.TableName, column.Name);
        if (RefuseReuse($"Create.Column(\"{column.Name}\").OnTable(\"{e.TableName}\")", e.SchemaName, e.TableName, column.Name) is { } refused)
        {
            return refused;
        }

        if (IsCreated(e.SchemaName, e.TableName))
        {
            _createdColumns.Add(columnKey);
            return AsIs($"add column {Quote(column.Name)} to {Table(e.SchemaName, e.TableName)} (created in this release)", e);
        }

        var what = $"Create.Column(\"{column.Name}\").OnTable(\"{e.TableName}\")";
        if ((RefuseMissing(what, e.SchemaName, e.TableName, null) ?? RefuseTaken(what, e.SchemaName, e.TableName, column.Name)) is { } wrongName)
        {
            return wrongName;
        }

        _createdColumns.Add(columnKey);
        return AddColumnOperation.Choose(_dialect, e, _batchSize, _delay);
    }

    private OperationChoice PlanRenameColumn(RenameColumnExpression e)
    {
        var oldKey = Key(e.SchemaName, e.TableName, e.OldName);
        var newKey = Key(e.SchemaName, e.TableName, e.NewName);
        if (RefuseReuse($"Rename.Column(\"{e.OldName}\").To(\"{e.NewName}\")", e.SchemaName, e.TableName, e.NewName) is { } refused)
        {
            return refused;
        }

        if (IsCreated(e.SchemaName, e.TableName) || _createdColumns.Remove(oldKey))
        {
            _createdColumns.Add(newKey);
            return AsIs($"rename column {Quote(e.OldName)} to {Quote(e.NewName)} (created in this release)", e);
        }

        if (_renamedColumns.Contains(oldKey))
        {
            return OperationChoice.Refuse(RuleIds.ColumnRenamedTwice, $"Rename.Column(\"{e.OldName}\")", "this column was itself renamed earlier in the same release.",
                "Rename it once, to its final name, or release the two renames separately (contract between them).");
        }

        var what = $"Rename.Column(\"{e.OldName}\").OnTable(\"{e.TableName}\").To(\"{e.NewName}\")";
        if ((RefuseMissing(what, e.SchemaName, e.TableName, e.OldName) ?? RefuseTaken(what, e.SchemaName, e.TableName, e.NewName)) is { } wrongName)
        {
            return wrongName;
        }

        if (RefuseUncopiable(what, e.SchemaName, e.TableName, e.OldName) is { } uncopiable)
        {
            return uncopiable;
        }

        _renamedColumns.Add(newKey);
        _vacatedColumns.Add(oldKey);
        _columnOrigins[newKey] = _columnOrigins.GetValueOrDefault(oldKey, e.OldName);
        return OperationChoice.Of(new RenameColumnOperation(_dialect, e.SchemaName, e.TableName, e.OldName, e.NewName, _batchSize, _delay));
    }

    private OperationChoice PlanRenameTable(RenameTableExpression e)
    {
        var oldKey = Key(e.SchemaName, e.OldName);
        var newKey = Key(e.SchemaName, e.NewName);
        if (RefuseReuse($"Rename.Table(\"{e.OldName}\").To(\"{e.NewName}\")", e.SchemaName, e.NewName, null) is { } refused)
        {
            return refused;
        }

        if (_createdTables.Remove(oldKey))
        {
            _createdTables.Add(newKey);
            foreach (var column in _createdColumns.Where(c => c.Item1 == oldKey.Item1 && c.Item2 == oldKey.Item2).ToList())
            {
                _createdColumns.Remove(column);
                _createdColumns.Add((newKey.Item1, newKey.Item2, column.Item3));
            }

            return AsIs($"rename table {Quote(e.OldName)} to {Quote(e.NewName)} (created in this release)", e);
        }

        var what = $"Rename.Table(\"{e.OldName}\").To(\"{e.NewName}\")";
        if ((RefuseMissing(what, e.SchemaName, e.OldName, null) ?? RefuseTaken(what, e.SchemaName, e.NewName, null)) is { } wrongName)
        {
            return wrongName;
        }

        _tableOrigins[newKey] = _tableOrigins.GetValueOrDefault(oldKey, oldKey);
        _vacatedTables.Add(oldKey);
        return OperationChoice.Of(new RenameTableOperation(_dialect, e.SchemaName, e.OldName, e.NewName));
    }

    private OperationChoice PlanAlterColumn(AlterColumnExpression e)
    {
        var column = e.Column;
        var alterSql = _sql.Generate(e);
        var targetNotNull = column.IsNullable != true;
        var key = Key(e.SchemaName, e.TableName, column.Name);
        if (IsCreated(e.SchemaName, e.TableName))
        {
            return AsIs($"alter column {Quote(column.Name)} (table created in this release)", e);
        }

        var fill = _fills.GetValueOrDefault(key);
        if (_createdColumns.Contains(key))
        {
            // A column this release added: the old version omits it from its inserts, so NOT NULL must still wait for contract.
            return targetNotNull
                ? OperationChoice.Of(new SetNotNullOperation(_dialect, e.SchemaName, e.TableName, column.Name, alterSql, fill))
                : AsIs($"alter column {Quote(column.Name)} (added in this release)", e);
        }

        if (_renamedColumns.Contains(key))
        {
            return OperationChoice.Refuse(RuleIds.RenamedColumnAltered, $"Alter.Column(\"{column.Name}\")", "this column is renamed in the same release; its old name is kept in sync by a trigger until contract.",
                "Alter it in a later release, after the rename's contract.");
        }

        if (RefuseMissing($"Alter.Column(\"{column.Name}\").OnTable(\"{e.TableName}\")", e.SchemaName, e.TableName, column.Name) is { } missing)
        {
            return missing;
        }

        var current = FindInCatalog(e.SchemaName, e.TableName, column.Name);
        var newType = _sql.ColumnType(e.SchemaName, e.TableName, column);
        var normalized = _normalizedTypes.GetValueOrDefault(newType, newType);
        var typeChanges = current is null || !string.Equals(current.Type, normalized, StringComparison.Ordinal);
        if (typeChanges)
        {
            return PlanTypeChange(e, current, newType, normalized, alterSql, targetNotNull, fill);
        }

        return targetNotNull && !current!.NotNull
            ? OperationChoice.Of(new SetNotNullOperation(_dialect, e.SchemaName, e.TableName, column.Name, alterSql, fill))
            : OperationChoice.Of(new DropNotNullOperation(_dialect, e.SchemaName, e.TableName, column.Name, alterSql));
    }

    /// <summary>
    /// In place where the server needs no rewrite (nullability then as for a same-type alter); else the shadow column,
    /// where every value the new version writes survives the old type or is rejected; else refused. Offline (no
    /// catalog) the old type is unknown: the shadow recipe is planned and the live catalog decides at expand.
    /// </summary>
    private OperationChoice PlanTypeChange(AlterColumnExpression e, CatalogColumn? current, string newType, string normalizedType, string alterSql, bool targetNotNull, BackfillRequest? fill)
    {
        var column = e.Column;
        var decision = current is null
            ? TypeChangeDecision.Shadow("offline: the old type is unknown; at expand the live catalog decides between in place, this recipe and a refusal")
            : _dialect.DecideTypeChange(current, normalizedType, _settings);
        switch (decision.Recipe)
        {
            case TypeChangeRecipe.InPlace:
                _retypedInPlace.Add(current! with { Type = normalizedType });
                var tightens = targetNotNull && !current.NotNull;
                var inPlace = new ChangeColumnTypeInPlaceOperation(_dialect, e.SchemaName, e.TableName, column.Name, current.Type, newType, decision.Reason, tightens ? null : alterSql);
                return tightens
                    ? new OperationChoice([inPlace, new SetNotNullOperation(_dialect, e.SchemaName, e.TableName, column.Name, alterSql, fill)], null)
                    : OperationChoice.Of(inPlace);
            case TypeChangeRecipe.Refused:
                return OperationChoice.Refuse(
                    RuleIds.TypeChangeWouldAlterValues,
                    $"Alter.Column(\"{column.Name}\").OnTable(\"{e.TableName}\") from {current!.Type} to {normalizedType}",
                    char.ToUpperInvariant(decision.Reason[0]) + decision.Reason[1..],
                    $"Add a column of the new type under a new name (Create.Column) that the new version writes next to {Quote(column.Name)}, fill it from {Quote(column.Name)} with Update.Table(..).AllRows() (or Execute.SqlInExpand with the conversion you mean), switch reads to it in a later release (filling the rows the old version wrote meanwhile), and drop {Quote(column.Name)} after that.");
            default:
                if (RefuseUncopiable($"Alter.Column(\"{column.Name}\").OnTable(\"{e.TableName}\") to {normalizedType}", e.SchemaName, e.TableName, column.Name) is { } uncopiable)
                {
                    return uncopiable;
                }

                var shadow = _dialect.ShadowColumn(e.SchemaName, e.TableName, column.Name);
                return OperationChoice.Of(new ChangeColumnTypeOperation(
                    _dialect, e.SchemaName, e.TableName, column.Name, newType, _sql.AddNullableColumn(e.SchemaName, e.TableName, column, shadow), alterSql, targetNotNull, _batchSize, _delay, decision.Reason));
        }
    }

    /// <summary>
    /// <c>Execute.ConvertColumn</c>: the shadow-column recipe of a type change, the shadow filled with the author's
    /// USING expression instead of the assignment cast (never in place: an expression means a real conversion). The
    /// shadow takes the column's nullability at contract. PostgreSQL only: T-SQL has no conversion expression.
    /// </summary>
    private OperationChoice PlanColumnConversion(ColumnConversionExpression e)
    {
        var what = $"Execute.ConvertColumn(\"{e.Table}\", \"{e.Column}\", \"{e.NewType}\")";
        if (_dialect.Provider != Loading.DatabaseProvider.Postgres)
        {
            return OperationChoice.Refuse(
                RuleIds.UnsupportedExpression,
                what,
                "a conversion expression (USING) is PostgreSQL's; SQL Server's ALTER COLUMN converts with the implicit cast only.",
                "Change the type with Alter.Column(..) (the runner's shadow column converts with the implicit cast), or add a column of the new type, fill it with Execute.Sql(\"UPDATE t SET new = <conversion>\") (run in batches), and drop the old column in a later release.");
        }

        if (IsCreated(e.Schema, e.Table))
        {
            return OperationChoice.Of(new RunAsIsOperation($"convert column {Quote(e.Column)} (table created in this release)", e.InPlaceSql + ";", null));
        }

        var key = Key(e.Schema, e.Table, e.Column);
        if (_renamedColumns.Contains(key) || _createdColumns.Contains(key))
        {
            return OperationChoice.Refuse(RuleIds.RenamedColumnAltered, what, "this column is added or renamed in the same release: a conversion in place would rewrite the table under ACCESS EXCLUSIVE, and a renamed column is already kept in sync by a trigger until contract.",
                "Give an added column its type where it is created; convert a renamed one in a later release, after this one's contract.");
        }

        if ((RefuseMissing(what, e.Schema, e.Table, e.Column) ?? RefuseUncopiable(what, e.Schema, e.Table, e.Column)) is { } refused)
        {
            return refused;
        }

        var notNull = FindInCatalog(e.Schema, e.Table, e.Column)?.NotNull ?? false;
        var table = _dialect.Table(e.Schema, e.Table);
        var shadow = _dialect.ShadowColumn(e.Schema, e.Table, e.Column);
        return OperationChoice.Of(new ChangeColumnTypeOperation(
            _dialect,
            e.Schema,
            e.Table,
            e.Column,
            e.NewType,
            $"ALTER TABLE {table} ADD COLUMN {Quote(shadow)} {e.NewType};",
            notNull ? $"ALTER TABLE {table} ALTER COLUMN {Quote(e.Column)} SET NOT NULL;" : string.Empty,
            notNull,
            _batchSize,
            _delay,
            "the conversion is the migration's USING expression",
            e.UsingExpression));
    }

    /// <summary>
    /// An insert, in expand. On an existing table, rollback deletes its rows when every row gives all the columns of
    /// one of the table's keys (<see cref="CatalogSnapshot.RowKeys"/>), NULL in none: a row with such a key cannot
    /// have existed before the insert committed (rollback runs the delete only then). The delete matches every inserted
    /// value too, so a row the app changed since is left. Where no key identifies the rows (offline, no key, a key
    /// column left out, or a foreign key that would cascade the delete to other tables' rows) the description says
    /// that rollback leaves them.
    /// </summary>
    private OperationChoice PlanInsert(InsertDataExpression e)
    {
        var what = $"insert {e.Rows.Count} row(s) into {Table(e.SchemaName, e.TableName)}";
        if (IsCreated(e.SchemaName, e.TableName))
        {
            return OperationChoice.Of(new InsertDataOperation(what, _sql.Generate(e)));
        }

        var key = Key(e.SchemaName, e.TableName);
        var origin = _tableOrigins.GetValueOrDefault(key, key);
        string? leftBecause = null;
        IReadOnlyList<string>? identifying = null;
        if (_catalog?.RowKeys is not { } rowKeys)
        {
            leftBecause = "the table's keys are not known: planned offline, or on SQL Server, whose catalog reader does not read them yet";
        }
        else if (!rowKeys.TryGetValue(origin, out var keys))
        {
            leftBecause = "the table has no primary key or unique index";
        }
        else if (keys.DeleteActs)
        {
            leftBecause = "a foreign key references the table with ON DELETE CASCADE, SET NULL or SET DEFAULT, so deleting them would change other rows";
        }
        else
        {
            identifying = keys.Keys.FirstOrDefault(k => e.Rows.All(row => k.All(column => row.Any(v => v.Key == column && v.Value is not null and not DBNull))));
            leftBecause = identifying is null ? "not every row gives all the columns of a primary key or unique index" : null;
        }

        if (identifying is null)
        {
            return OperationChoice.Of(new InsertDataOperation($"{what} (a rollback leaves these rows: {leftBecause})", _sql.Generate(e)));
        }

        var delete = new DeleteDataExpression { SchemaName = e.SchemaName, TableName = e.TableName };
        foreach (var row in e.Rows)
        {
            var match = new DeletionDataDefinition();
            match.AddRange(row.Where(v => v.Value is not null and not DBNull));
            delete.Rows.Add(match);
        }

        return OperationChoice.Of(new InsertDataOperation($"{what} (a rollback deletes them by ({string.Join(", ", identifying.Select(Quote))}), unless changed since)", _sql.Generate(e), _sql.Generate(delete)));
    }

    private OperationChoice PlanDeleteColumn(DeleteColumnExpression e)
    {
        var operations = new List<Operation>();
        foreach (var name in e.ColumnNames)
        {
            var single = new DeleteColumnExpression { SchemaName = e.SchemaName, TableName = e.TableName, ColumnNames = [name] };
            if (IsCreated(e.SchemaName, e.TableName) || _createdColumns.Remove(Key(e.SchemaName, e.TableName, name)))
            {
                operations.Add(new RunAsIsOperation($"drop column {Quote(name)} (created in this release)", _sql.Generate(single)));
            }
            else if (RefuseMissing($"Delete.Column(\"{name}\").FromTable(\"{e.TableName}\")", e.SchemaName, e.TableName, name) is { } missing)
            {
                return missing;
            }
            else
            {
                _vacatedColumns.Add(Key(e.SchemaName, e.TableName, name));
                operations.Add(new DropColumnOperation(_dialect, e.SchemaName, e.TableName, name, _dialect.DropColumn(e.SchemaName, e.TableName, name, _sql.Generate(single))));
            }
        }

        return new OperationChoice(operations, null);
    }

    private OperationChoice PlanCreateConstraint(CreateConstraintExpression e)
    {
        var constraint = e.Constraint;
        if (IsCreated(constraint.SchemaName, constraint.TableName))
        {
            return AsIs($"add constraint {Quote(constraint.ConstraintName)} (table created in this release)", e);
        }

        var columns = constraint.Columns.ToList();
        if (constraint.IsPrimaryKeyConstraint)
        {
            _keyedInRelease.Add(Key(constraint.SchemaName, constraint.TableName));
        }

        return constraint.IsPrimaryKeyConstraint
            ? OperationChoice.Of(new AddPrimaryKeyOperation(_dialect, constraint.SchemaName, constraint.TableName, constraint.ConstraintName, columns))
            : OperationChoice.Of(new AddUniqueConstraintOperation(_dialect, constraint.SchemaName, constraint.TableName, constraint.ConstraintName, columns));
    }

    /// <summary>
    /// Raw UPDATE and DELETE statements (every statement of the text one of them), in expand: a bounded one (its own
    /// WHERE) or one on a table this release creates runs as written; a whole-table UPDATE of an existing table runs as a
    /// batched backfill, like <c>Update.Table(..).AllRows()</c>, one short transaction per batch instead of every row
    /// locked until one commit; a whole-table one that cannot be split is refused. Null: the text is not only data changes.
    /// </summary>
    private OperationChoice? PlanRawDataChange(string sql, RawSqlReading reading)
    {
        var read = reading.Statements.Select(s => s.ReadDataChange(reading.Flavor)).ToList();
        if (read.Count == 0 || read.Any(c => c is null))
        {
            return null;
        }

        var changes = read.OfType<SqlDataChange>().ToList();

        var what = $"Execute.Sql(\"{Shorten(sql)}\")";
        foreach (var change in changes)
        {
            if (RefuseMissing(what, change.Schema, change.Table, null) is { } missing)
            {
                return missing;
            }
        }

        var wholeTable = changes.Where(c => !c.Bounded && !IsCreated(c.Schema, c.Table)).ToList();
        if (wholeTable.Count == 0)
        {
            return OperationChoice.Of(new RawSqlOperation(_dialect, sql, DeclaredPhase.Expand, null, undone: changes.All(c => IsCreated(c.Schema, c.Table))));
        }

        if (changes is [{ PlainDeleteOfEveryRow: true } delete])
        {
            return OperationChoice.Of(BatchedDelete(delete));
        }

        // The worst of them decides the message: a DELETE of every row, then an UPDATE that cannot be split.
        var change0 = wholeTable.FirstOrDefault(c => c.Kind == SqlDataChangeKind.Delete) ?? wholeTable.FirstOrDefault(c => c.NotBatchable is not null) ?? wholeTable[0];
        var reason = change0.Kind == SqlDataChangeKind.Delete
            ? "a DELETE without WHERE removes every row in one statement, holding each row's lock until it commits"
            : change0.NotBatchable is { } notBatchable
                ? $"an UPDATE without WHERE rewrites every row in one transaction, and this one cannot run in batches: {notBatchable}"
                : changes.Count > 1 ? "an UPDATE without WHERE runs in batches only alone in its Execute.Sql" : null;
        if (reason is not null)
        {
            const string asWritten = " Or, where one statement over the whole table is acceptable (a small table), declare it: Execute.SqlInExpand(sql) runs it as written.";
            return OperationChoice.Refuse(
                RuleIds.RawSqlWithoutPhase,
                what,
                reason + ".",
                (change0.Kind == SqlDataChangeKind.Delete
                    ? "Bound it with a WHERE (a purge in several runs, each of a key range), or, if no row of the table is needed any more, empty it in contract: Execute.SqlInContract(\"TRUNCATE ...\")."
                    : "Write it as Update.Table(..).Set(..).AllRows() or as its own Execute.Sql(\"UPDATE t SET ...\") without a join or a read of the table itself (the runner batches those), or bound it with a WHERE.")
                + asWritten);
        }

        var request = new BackfillRequest(SchemaOrDefault(change0.Schema), change0.Table, change0.SetClause!, null, _batchSize, _delay);
        return OperationChoice.Of(new UpdateAllRowsOperation(_dialect, request));
    }

    /// <summary>
    /// <c>DELETE FROM t</c>, nothing more: each batch of the backfill driver deletes one key range of it
    /// (<c>DELETE FROM t WHERE &lt;range&gt;</c>), in its own short transaction with its checkpoint, so no transaction
    /// holds the locks of every row; a stopped run resumes after its last batch. Rows inserted with a key above the
    /// table's largest when the step began are left, as a single statement leaves rows inserted after it.
    /// </summary>
    private BatchedDataFixOperation BatchedDelete(SqlDataChange change)
    {
        // The table the batches walk, quoted: the same one the key ranges come from.
        var statement = $"DELETE FROM {Table(change.Schema, change.Table)}";
        return new BatchedDataFixOperation(
            _dialect,
            SchemaOrDefault(change.Schema),
            change.Table,
            PerKeyRange(statement),
            DeclaredPhase.Expand,
            $"delete every row of {Table(change.Schema, change.Table)} in batches (Execute.Sql's {statement}), one key range per short transaction (not undone by rollback)");
    }

    /// <summary>
    /// <c>INSERT INTO target [(columns)] SELECT list FROM source</c>, nothing after the source, from an existing table
    /// into another: each batch of the backfill driver copies one key range of the source (<c>… FROM source WHERE
    /// &lt;range&gt;</c>) in its own short transaction with its checkpoint, instead of one transaction over the whole
    /// source. A source row changed or inserted meanwhile in a range not yet copied is copied as it is then. Without a
    /// WHERE but not in that form (a join, a call or DISTINCT in the list): refused with the recipe. Null (the statement
    /// runs as written) with a WHERE, with the same table on both sides (a batch would copy rows of earlier batches
    /// again), from a source the release creates, or offline.
    /// </summary>
    private OperationChoice? PlanInsertSelectOfEveryRow(string sql)
    {
        // The catalog, not _checkAgainstCatalog: a resumed expand must plan this migration as the first run did, and the
        // source table is there before and after the copy alike.
        if (_catalog is null)
        {
            return null;
        }

        var simple = InsertSelectOfEveryRow().Match(sql);

        // A list with a call could hold an aggregate or window function, and DISTINCT spans rows: per batch they would
        // give other rows than over the whole source. Plain lists only (columns, literals, operators, :: casts).
        var batchable = simple.Success && !simple.Groups["list"].Value.Contains('(') && !PlainSelectListWords().IsMatch(simple.Groups["list"].Value);
        var insert = simple.Success ? simple : InsertSelectFromATable().Match(sql);
        if (!insert.Success || (!simple.Success && WhereAnywhere().IsMatch(sql)))
        {
            return null;
        }

        var (targetSchema, target) = SplitName(insert.Groups["target"].Value);
        var (sourceSchema, source) = SplitName(insert.Groups["source"].Value);
        if (string.Equals(SchemaOrDefault(targetSchema), SchemaOrDefault(sourceSchema), StringComparison.Ordinal) && string.Equals(target, source, StringComparison.Ordinal)
            || IsCreated(sourceSchema, source) || !TableExists(sourceSchema, source))
        {
            return null;
        }

        var statement = sql.Trim().TrimEnd(';').TrimEnd();
        if (!batchable)
        {
            return OperationChoice.Refuse(
                RuleIds.RawSqlWithoutPhase,
                $"Execute.Sql(\"{Shorten(statement)}\")",
                $"an INSERT … SELECT without WHERE copies every row of {Table(sourceSchema, source)} in one transaction, and this one cannot run in batches of the source's key: it reads more than the one source table, or its select list has a call or DISTINCT (an aggregate or window function would give other rows per batch).",
                "Write it as INSERT INTO target (columns) SELECT <columns, literals, :: casts> FROM source, which the runner copies in batches; or bound it with a WHERE; or, where one statement over the whole source is acceptable, declare it: Execute.SqlInExpand(sql) runs it as written (it locks no existing row, but holds one long transaction).");
        }

        return OperationChoice.Of(new BatchedDataFixOperation(
            _dialect,
            SchemaOrDefault(sourceSchema),
            source,
            PerKeyRange(statement),
            DeclaredPhase.Expand,
            $"copy every row of {Table(sourceSchema, source)} into {Table(targetSchema, target)} in batches (Execute.Sql: {Shorten(statement)}), one key range of the source per short transaction (not undone by rollback)"));
    }

    /// <summary>(schema or null, name) of a name as a statement writes it, quotes and brackets removed; unquoted PostgreSQL names folded to lower case.</summary>
    private (string? Schema, string Name) SplitName(string written)
    {
        var parts = NamePart().Matches(written).Select(m => m.Value).Select(p =>
            p.StartsWith('"') ? p[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
            : p.StartsWith('[') ? p[1..^1]
            : _dialect.Provider == Loading.DatabaseProvider.Postgres ? p.ToLowerInvariant() : p).ToList();
        return parts.Count == 2 ? (parts[0], parts[1]) : (null, parts[^1]);
    }

    private const string NamePattern = """(?:"(?:[^"]|"")+"|\[[^\]]+\]|[A-Za-z_][A-Za-z0-9_$]*)(?:\.(?:"(?:[^"]|"")+"|\[[^\]]+\]|[A-Za-z_][A-Za-z0-9_$]*))?""";

    [System.Text.RegularExpressions.GeneratedRegex("""^\s*INSERT\s+INTO\s+(?<target>""" + NamePattern + """)\s*(?:\((?<columns>[^()]*)\))?\s*SELECT\s+(?<list>(?:(?!\bFROM\b)[\s\S])+?)\s+FROM\s+(?<source>""" + NamePattern + """)\s*;?\s*$""", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex InsertSelectOfEveryRow();

    // Any INSERT INTO … SELECT … FROM <table>: the first FROM names the source (a join or subquery may follow).
    [System.Text.RegularExpressions.GeneratedRegex("""^\s*INSERT\s+INTO\s+(?<target>""" + NamePattern + """)\s*(?:\([^()]*\))?\s*SELECT\s+(?:(?!\bFROM\b)[\s\S])+?\bFROM\s+(?<source>""" + NamePattern + """)\b""", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex InsertSelectFromATable();

    // A WHERE anywhere counts as bounding the copy (as written, in expand): only a statement with none is refused.
    [System.Text.RegularExpressions.GeneratedRegex(@"\bWHERE\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex WhereAnywhere();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(DISTINCT|OVER|TOP|SELECT|INTO)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex PlainSelectListWords();

    [System.Text.RegularExpressions.GeneratedRegex("""("(?:[^"]|"")+"|\[[^\]]+\]|[A-Za-z_][A-Za-z0-9_$]*)""")]
    private static partial System.Text.RegularExpressions.Regex NamePart();

    /// <summary>A batched fix that runs <paramref name="statement"/> (which has no WHERE) on the batch's key range only.</summary>
    private static Action<System.Data.IDbConnection, System.Data.IDbTransaction, DataFixBatch> PerKeyRange(string statement) =>
        (connection, transaction, batch) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"{statement} WHERE {batch.Where}";
            batch.AddParameters(command);
            command.ExecuteNonQuery();
        };

    private OperationChoice PlanBatchedFix(BatchedConnectionExpression e)
    {
        if (RefuseMissing($"Execute.WithConnectionInBatches(\"{e.Table}\", ..)", e.Schema, e.Table, null) is { } missing)
        {
            return missing;
        }

        return OperationChoice.Of(new BatchedDataFixOperation(_dialect, SchemaOrDefault(e.Schema), e.Table, e.Fix, e.Phase));
    }

    private OperationChoice PlanUpdate(UpdateDataExpression e)
    {
        if (!e.IsAllRows || IsCreated(e.SchemaName, e.TableName))
        {
            return OperationChoice.Of(new InsertDataOperation($"update rows of {Table(e.SchemaName, e.TableName)}", _sql.Generate(e)));
        }

        if (RefuseMissing($"Update.Table(\"{e.TableName}\").AllRows()", e.SchemaName, e.TableName, null) is { } missing)
        {
            return missing;
        }

        var request = new BackfillRequest(SchemaOrDefault(e.SchemaName), e.TableName, _sql.SetClause(e), null, _batchSize, _delay);
        foreach (var (column, _) in e.Set)
        {
            _fills[Key(e.SchemaName, e.TableName, column)] = request;
        }

        var onNewColumnsOnly = e.Set.All(s => _createdColumns.Contains(Key(e.SchemaName, e.TableName, s.Key)));
        return OperationChoice.Of(new UpdateAllRowsOperation(_dialect, request, onNewColumnsOnly));
    }

    private CatalogColumn? FindInCatalog(string? schema, string table, string column)
    {
        if (_catalog is null)
        {
            return null;
        }

        var tableKey = Key(schema, table);
        var origin = _tableOrigins.GetValueOrDefault(tableKey, tableKey);
        var columnName = _columnOrigins.GetValueOrDefault(Key(schema, table, column), column);
        return _catalog.Find(origin.Item1, origin.Item2, columnName) ?? _catalog.Find(schema, table, column);
    }

    private bool IsCreated(string? schema, string table) => _createdTables.Contains(Key(schema, table));

    private (string, string) Key(string? schema, string table) => (SchemaOrDefault(schema), table);

    private (string, string, string) Key(string? schema, string table, string column) => (SchemaOrDefault(schema), table, column);

    private string Quote(string identifier) => _dialect.Quote(identifier);

    private string Table(string? schema, string table) => _dialect.Table(schema, table);

    private string SchemaOrDefault(string? schema) => _dialect.SchemaOrDefault(schema);

    private static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= 60 ? line : line[..57] + "...";
    }
}
