namespace SafeMigrate.Loading;

/// <summary>
/// Answers the schema queries a migration's <c>Up()</c> may ask (<c>Schema.Table(..).Exists()</c> and the like) while
/// its expressions are collected, as the database will be when that migration runs. An answer that cannot be known
/// throws <see cref="SchemaQueryUnanswerableException"/>.
/// </summary>
internal interface ISchemaQueries
{
    bool SchemaExists(string schemaName);

    bool TableExists(string? schemaName, string tableName);

    bool ColumnExists(string? schemaName, string tableName, string columnName);

    bool ConstraintExists(string? schemaName, string tableName, string constraintName);

    bool IndexExists(string? schemaName, string tableName, string indexName);

    bool SequenceExists(string? schemaName, string sequenceName);

    bool DefaultValueExists(string? schemaName, string tableName, string columnName, object defaultValue);
}

/// <summary>A schema query whose answer SafeMigrate cannot know without running what precedes it.</summary>
/// <param name="call">The query, as the migration wrote it (e.g. <c>Schema.Table("users").Exists()</c>).</param>
/// <param name="reason">Why it cannot be answered, and what to do.</param>
internal sealed class SchemaQueryUnanswerableException(string call, string reason) : Exception($"{call}: {reason}")
{
    public string Call { get; } = call;

    public string Reason { get; } = reason;
}
