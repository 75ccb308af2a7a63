namespace SafeMigrate.Providers.SqlServer;

/// <summary>Quoting as T-SQL reads it; an empty schema means <c>dbo</c>, as FluentMigrator's SQL Server generator writes it.</summary>
internal static class SqlServerIdentifiers
{
    public const string DefaultSchema = "dbo";

    public static string Quote(string identifier) => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";

    public static string SchemaOrDefault(string? schema) => string.IsNullOrEmpty(schema) ? DefaultSchema : schema;

    public static string Table(string? schema, string table) => Quote(SchemaOrDefault(schema)) + "." + Quote(table);

    /// <summary>A Unicode string literal.</summary>
    public static string Literal(string value) => "N'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary><c>OBJECT_ID(N'[schema].[table]')</c>, resolved when the statement runs.</summary>
    public static string ObjectId(string? schema, string table) => $"OBJECT_ID({Literal(Table(schema, table))})";
}
