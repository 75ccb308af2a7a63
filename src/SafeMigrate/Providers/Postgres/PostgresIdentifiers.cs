namespace SafeMigrate.Providers.Postgres;

/// <summary>Quoting of identifiers and literals as PostgreSQL reads them; an empty schema means <c>public</c>, as FluentMigrator generates it.</summary>
internal static class PostgresIdentifiers
{
    public const string DefaultSchema = "public";

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string SchemaOrDefault(string? schema) => string.IsNullOrEmpty(schema) ? DefaultSchema : schema;

    /// <summary>A schema-qualified, quoted relation name.</summary>
    public static string Table(string? schema, string table) => Quote(SchemaOrDefault(schema)) + "." + Quote(table);

    /// <summary>A string literal; standard_conforming_strings is on since 9.1, so only quotes are doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The relation as a <c>regclass</c> literal, resolved at execution time.</summary>
    public static string RegClass(string? schema, string table) => Literal(Table(schema, table)) + "::regclass";
}
