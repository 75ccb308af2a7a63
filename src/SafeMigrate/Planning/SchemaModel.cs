using FluentMigrator.Expressions;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Catalog;

namespace SafeMigrate.Planning;

/// <summary>
/// The schema as it will be when a migration runs: a catalog (the live one, or none for a database with nothing
/// applied) with the effect of every earlier migration of the release applied to it, expression by expression, as
/// plain FluentMigrator would leave it. It answers the schema queries of the next migration's <c>Up()</c>. Raw SQL and
/// delegates have effects it cannot see: after one, it answers no more questions (see <see cref="SchemaQueryUnanswerableException"/>).
/// </summary>
internal sealed class SchemaModel : ISchemaQueries
{
    private readonly string _defaultSchema;
    private readonly HashSet<CatalogObject> _objects;
    private readonly HashSet<(string Schema, string Table, string Column)> _columns;
    private string? _blindSince;

    /// <param name="catalog">The live catalog, or null for a database where nothing is applied yet.</param>
    /// <param name="defaultSchema">The schema of an unqualified name (<c>public</c>, <c>dbo</c>).</param>
    /// <param name="ignoreCase">SQL Server compares names by its (usually case-insensitive) collation.</param>
    public SchemaModel(CatalogSnapshot? catalog, string defaultSchema, bool ignoreCase = false)
    {
        _defaultSchema = defaultSchema;
        var comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _objects = new HashSet<CatalogObject>(new ObjectComparer(comparer));
        _columns = new HashSet<(string, string, string)>(new ColumnComparer(comparer));
        if (catalog is null)
        {
            _objects.Add(Schema(defaultSchema));
            return;
        }

        _objects.UnionWith(catalog.Objects);
        foreach (var (schema, table) in catalog.Relations)
        {
            _objects.Add(new CatalogObject(CatalogObjectKind.Table, schema, null, table));
        }

        foreach (var column in catalog.Columns)
        {
            _columns.Add((column.Schema, column.Table, column.Column));
        }
    }

    /// <summary>The schema as the live <paramref name="catalog"/> shows it, names compared as its server compares them.</summary>
    public static SchemaModel From(CatalogSnapshot catalog) => new(catalog, catalog.DefaultSchema, catalog.NamesIgnoreCase);

    public bool SchemaExists(string schemaName) => Answer($"Schema.Schema(\"{schemaName}\").Exists()", () => _objects.Contains(Schema(schemaName)));

    public bool TableExists(string? schemaName, string tableName) =>
        Answer($"Schema{InSchema(schemaName)}.Table(\"{tableName}\").Exists()", () => HasTable(schemaName, tableName));

    public bool ColumnExists(string? schemaName, string tableName, string columnName) =>
        Answer($"Schema{InSchema(schemaName)}.Table(\"{tableName}\").Column(\"{columnName}\").Exists()", () => _columns.Contains((Of(schemaName), tableName, columnName)));

    public bool ConstraintExists(string? schemaName, string tableName, string constraintName) =>
        Answer($"Schema{InSchema(schemaName)}.Table(\"{tableName}\").Constraint(\"{constraintName}\").Exists()",
            () => _objects.Contains(new CatalogObject(CatalogObjectKind.Constraint, Of(schemaName), tableName, constraintName)));

    public bool IndexExists(string? schemaName, string tableName, string indexName) =>
        Answer($"Schema{InSchema(schemaName)}.Table(\"{tableName}\").Index(\"{indexName}\").Exists()",
            () => _objects.Contains(new CatalogObject(CatalogObjectKind.Index, Of(schemaName), tableName, indexName)));

    public bool SequenceExists(string? schemaName, string sequenceName) =>
        Answer($"Schema{InSchema(schemaName)}.Sequence(\"{sequenceName}\").Exists()",
            () => _objects.Contains(new CatalogObject(CatalogObjectKind.Sequence, Of(schemaName), null, sequenceName)));

    public bool DefaultValueExists(string? schemaName, string tableName, string columnName, object defaultValue) =>
        throw new SchemaQueryUnanswerableException(
            $"Schema{InSchema(schemaName)}.Table(\"{tableName}\").Column(\"{columnName}\").DefaultValue(..).Exists()",
            "SafeMigrate does not model column defaults. Test for the column instead, or run this migration with plain FluentMigrator.");

    /// <summary>Applies what one migration's expressions do to the schema, in their order.</summary>
    public void Apply(long version, IEnumerable<IMigrationExpression> expressions)
    {
        foreach (var expression in expressions)
        {
            Apply(version, expression);
        }
    }

    private void Apply(long version, IMigrationExpression expression)
    {
        switch (expression)
        {
            case CreateSchemaExpression e:
                _objects.Add(Schema(e.SchemaName));
                break;
            case DeleteSchemaExpression e:
                _objects.Remove(Schema(e.SchemaName));
                break;
            case CreateTableExpression e:
                _objects.Add(TableOf(e.SchemaName, e.TableName));
                foreach (var column in e.Columns)
                {
                    _columns.Add((Of(e.SchemaName), e.TableName, column.Name));
                    if (column.IsPrimaryKey)
                    {
                        _objects.Add(new CatalogObject(CatalogObjectKind.Constraint, Of(e.SchemaName), e.TableName, column.PrimaryKeyName ?? $"PK_{e.TableName}"));
                    }
                }

                break;
            case DeleteTableExpression e:
                RemoveTable(e.SchemaName, e.TableName);
                break;
            case RenameTableExpression e:
                RenameTable(e.SchemaName, e.OldName, e.NewName);
                break;
            case CreateColumnExpression e:
                _columns.Add((Of(e.SchemaName), e.TableName, e.Column.Name));
                break;
            case DeleteColumnExpression e:
                foreach (var name in e.ColumnNames)
                {
                    _columns.Remove((Of(e.SchemaName), e.TableName, name));
                }

                break;
            case RenameColumnExpression e when _columns.Remove((Of(e.SchemaName), e.TableName, e.OldName)):
                _columns.Add((Of(e.SchemaName), e.TableName, e.NewName));
                break;
            case CreateIndexExpression e:
                _objects.Add(new CatalogObject(CatalogObjectKind.Index, Of(e.Index.SchemaName), e.Index.TableName, e.Index.Name));
                break;
            case DeleteIndexExpression e:
                _objects.Remove(new CatalogObject(CatalogObjectKind.Index, Of(e.Index.SchemaName), e.Index.TableName, e.Index.Name));
                break;
            case CreateConstraintExpression e:
                _objects.Add(new CatalogObject(CatalogObjectKind.Constraint, Of(e.Constraint.SchemaName), e.Constraint.TableName, e.Constraint.ConstraintName));
                break;
            case DeleteConstraintExpression e:
                _objects.Remove(new CatalogObject(CatalogObjectKind.Constraint, Of(e.Constraint.SchemaName), e.Constraint.TableName, e.Constraint.ConstraintName));
                break;
            case CreateForeignKeyExpression e:
                _objects.Add(new CatalogObject(CatalogObjectKind.Constraint, Of(e.ForeignKey.ForeignTableSchema), e.ForeignKey.ForeignTable, e.ForeignKey.Name));
                break;
            case DeleteForeignKeyExpression e:
                _objects.Remove(new CatalogObject(CatalogObjectKind.Constraint, Of(e.ForeignKey.ForeignTableSchema), e.ForeignKey.ForeignTable, e.ForeignKey.Name));
                break;
            case CreateSequenceExpression e:
                _objects.Add(new CatalogObject(CatalogObjectKind.Sequence, Of(e.Sequence.SchemaName), null, e.Sequence.Name));
                break;
            case DeleteSequenceExpression e:
                _objects.Remove(new CatalogObject(CatalogObjectKind.Sequence, Of(e.SchemaName), null, e.SequenceName));
                break;
            case ExecuteSqlStatementExpression or ExecuteSqlScriptExpression or ExecuteEmbeddedSqlScriptExpression or PerformDBOperationExpression or PhasedSqlExpression:
                _blindSince ??= $"migration {version} runs raw SQL or a delegate before it, whose effect on the schema SafeMigrate cannot see";
                break;
        }
    }

    private bool Answer(string call, Func<bool> answer) =>
        _blindSince is null
            ? answer()
            : throw new SchemaQueryUnanswerableException(call,
                _blindSince + ". Give a connection to a database where the earlier migrations are applied (-c), or release them first.");

    private bool HasTable(string? schema, string table) =>
        _objects.Contains(TableOf(schema, table)) || _objects.Contains(new CatalogObject(CatalogObjectKind.View, Of(schema), null, table));

    private void RemoveTable(string? schema, string table)
    {
        var key = Of(schema);
        _objects.RemoveWhere(o => Same(o.Schema, key) && (o.Table is not null ? Same(o.Table, table) : o.Kind is CatalogObjectKind.Table or CatalogObjectKind.View && Same(o.Name, table)));
        _columns.RemoveWhere(c => Same(c.Schema, key) && Same(c.Table, table));
    }

    private void RenameTable(string? schema, string oldName, string newName)
    {
        var key = Of(schema);
        var moved = _objects.Where(o => Same(o.Schema, key) && o.Table is not null && Same(o.Table, oldName)).ToList();
        var columns = _columns.Where(c => Same(c.Schema, key) && Same(c.Table, oldName)).ToList();
        RemoveTable(schema, oldName);
        _objects.Add(TableOf(schema, newName));
        _objects.UnionWith(moved.Select(o => o with { Table = newName }));
        _columns.UnionWith(columns.Select(c => (c.Schema, newName, c.Column)));
    }

    private bool Same(string a, string b) => _objects.Comparer is ObjectComparer { Names: var names } ? names.Equals(a, b) : a == b;

    private string Of(string? schema) => string.IsNullOrEmpty(schema) ? _defaultSchema : schema;

    private CatalogObject TableOf(string? schema, string table) => new(CatalogObjectKind.Table, Of(schema), null, table);

    private static CatalogObject Schema(string name) => new(CatalogObjectKind.Schema, name, null, name);

    private static string InSchema(string? schema) => string.IsNullOrEmpty(schema) ? string.Empty : $".Schema(\"{schema}\")";

    private sealed class ObjectComparer(StringComparer names) : IEqualityComparer<CatalogObject>
    {
        public StringComparer Names => names;

        public bool Equals(CatalogObject? x, CatalogObject? y) =>
            x is not null && y is not null && x.Kind == y.Kind && names.Equals(x.Schema, y.Schema) && names.Equals(x.Table ?? string.Empty, y.Table ?? string.Empty) && names.Equals(x.Name, y.Name);

        public int GetHashCode(CatalogObject obj) => HashCode.Combine(obj.Kind, names.GetHashCode(obj.Schema), names.GetHashCode(obj.Table ?? string.Empty), names.GetHashCode(obj.Name));
    }

    private sealed class ColumnComparer(StringComparer names) : IEqualityComparer<(string Schema, string Table, string Column)>
    {
        public bool Equals((string Schema, string Table, string Column) x, (string Schema, string Table, string Column) y) =>
            names.Equals(x.Schema, y.Schema) && names.Equals(x.Table, y.Table) && names.Equals(x.Column, y.Column);

        public int GetHashCode((string Schema, string Table, string Column) obj) =>
            HashCode.Combine(names.GetHashCode(obj.Schema), names.GetHashCode(obj.Table), names.GetHashCode(obj.Column));
    }
}
