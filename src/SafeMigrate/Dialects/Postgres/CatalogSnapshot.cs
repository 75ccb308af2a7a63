namespace SafeMigrate.Dialects.Postgres;

/// <summary>The user-visible tables, views and columns of a database at one moment (SafeMigrate's own objects excluded).</summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<(string Schema, string Table, string Column), CatalogColumn> _columns;
    private readonly string _defaultSchema;

    /// <param name="defaultSchema">The schema of an unqualified name: <c>public</c> on PostgreSQL, <c>dbo</c> on SQL Server.</param>
    public CatalogSnapshot(IEnumerable<CatalogColumn> columns, string defaultSchema = PostgresIdentifiers.DefaultSchema)
    {
        _defaultSchema = defaultSchema;
        _columns = columns.ToDictionary(c => (c.Schema, c.Table, c.Column));
        Relations = _columns.Keys.Select(k => (k.Schema, k.Table)).ToHashSet();
    }

    public static CatalogSnapshot Empty { get; } = new([]);

    public IReadOnlyCollection<CatalogColumn> Columns => _columns.Values;

    public IReadOnlySet<(string Schema, string Table)> Relations { get; }

    public CatalogColumn? Find(string? schema, string table, string column) =>
        _columns.GetValueOrDefault((string.IsNullOrEmpty(schema) ? _defaultSchema : schema, table, column));

    public bool HasRelation(string? schema, string table) => Relations.Contains((string.IsNullOrEmpty(schema) ? _defaultSchema : schema, table));
}
