namespace SafeMigrate.Catalog;

/// <summary>
/// The user-visible tables, views and columns of a database at one moment (SafeMigrate's own objects excluded), and
/// the named objects around them (schemas, indexes, constraints, triggers, sequences): what rollback must never drop
/// and what a migration's schema queries (<c>Schema.Table(..).Exists()</c>) are answered from.
/// </summary>
internal sealed class CatalogSnapshot
{
    private readonly Dictionary<(string Schema, string Table, string Column), CatalogColumn> _columns;
    private readonly string _defaultSchema;

    /// <param name="defaultSchema">The schema of an unqualified name: <c>public</c> on PostgreSQL, <c>dbo</c> on SQL Server.</param>
    /// <param name="objects">Schemas, tables, views, sequences, indexes, constraints and triggers; tables and views are also derived from <paramref name="columns"/>.</param>
    public CatalogSnapshot(IEnumerable<CatalogColumn> columns, string defaultSchema = "public", IEnumerable<CatalogObject>? objects = null)
    {
        _defaultSchema = defaultSchema;
        _columns = columns.ToDictionary(c => (c.Schema, c.Table, c.Column));
        Relations = _columns.Keys.Select(k => (k.Schema, k.Table)).ToHashSet();
        Objects = (objects ?? []).ToHashSet();
    }

    public string DefaultSchema => _defaultSchema;

    /// <summary>Whether the server compares names without case (SQL Server's usual collations); PostgreSQL's quoted names are exact.</summary>
    public bool NamesIgnoreCase { get; init; }

    /// <summary>
    /// The tables a batched backfill can walk (a primary key, or a unique index on NOT NULL columns, usable for range
    /// scans); null when this catalog does not tell (SQL Server's reader, a snapshot made by hand), then nothing is refused for it.
    /// </summary>
    public IReadOnlySet<(string Schema, string Table)>? KeyedTables { get; init; }

    /// <summary>The keys that identify each table's rows (see <see cref="TableKeys"/>); null when this catalog does not tell (SQL Server's reader).</summary>
    public IReadOnlyDictionary<(string Schema, string Table), TableKeys>? RowKeys { get; init; }

    /// <summary>The named objects other than columns (see <see cref="CatalogObject"/>).</summary>
    public IReadOnlySet<CatalogObject> Objects { get; }

    public static CatalogSnapshot Empty { get; } = new([]);

    public IReadOnlyCollection<CatalogColumn> Columns => _columns.Values;

    public IReadOnlySet<(string Schema, string Table)> Relations { get; }

    public CatalogColumn? Find(string? schema, string table, string column) =>
        _columns.GetValueOrDefault((string.IsNullOrEmpty(schema) ? _defaultSchema : schema, table, column));

    public bool HasRelation(string? schema, string table) => Relations.Contains((string.IsNullOrEmpty(schema) ? _defaultSchema : schema, table));

    /// <summary>
    /// Whether the object is in the catalog. A table or view also counts when its columns are listed (a view and a
    /// table share one namespace, so either kind answers for the name); index, constraint and trigger names are
    /// matched within their table's schema, as PostgreSQL scopes index names by schema.
    /// </summary>
    public bool Contains(CatalogObject item)
    {
        var schema = string.IsNullOrEmpty(item.Schema) ? _defaultSchema : item.Schema;
        return item.Kind switch
        {
            CatalogObjectKind.Column => Find(schema, item.Table!, item.Name) is not null,
            CatalogObjectKind.Table or CatalogObjectKind.View => HasRelation(schema, item.Name)
                || Objects.Contains(item with { Schema = schema, Kind = CatalogObjectKind.Table, Table = null })
                || Objects.Contains(item with { Schema = schema, Kind = CatalogObjectKind.View, Table = null }),
            CatalogObjectKind.Index => Objects.Any(o => o.Kind == CatalogObjectKind.Index && o.Schema == schema && o.Name == item.Name),
            _ => Objects.Contains(item with { Schema = schema }),
        };
    }
}
