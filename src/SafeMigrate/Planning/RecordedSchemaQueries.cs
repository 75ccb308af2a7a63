using System.Globalization;
using SafeMigrate.Loading;

namespace SafeMigrate.Planning;

/// <summary>
/// Answers a migration's schema queries from the answers it got when its expand began, when there are any, else from
/// <paramref name="schema"/>; every answer given is kept in <see cref="Answers"/> to be recorded.
/// </summary>
internal sealed class RecordedSchemaQueries(ISchemaQueries schema, IReadOnlyDictionary<string, bool>? recorded) : ISchemaQueries
{
    private readonly Dictionary<string, bool> _answers = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, bool> Answers => _answers;

    public bool SchemaExists(string schemaName) => Ask(() => schema.SchemaExists(schemaName), "schema", schemaName);

    public bool TableExists(string? schemaName, string tableName) => Ask(() => schema.TableExists(schemaName, tableName), "table", schemaName, tableName);

    public bool ColumnExists(string? schemaName, string tableName, string columnName) =>
        Ask(() => schema.ColumnExists(schemaName, tableName, columnName), "column", schemaName, tableName, columnName);

    public bool ConstraintExists(string? schemaName, string tableName, string constraintName) =>
        Ask(() => schema.ConstraintExists(schemaName, tableName, constraintName), "constraint", schemaName, tableName, constraintName);

    public bool IndexExists(string? schemaName, string tableName, string indexName) =>
        Ask(() => schema.IndexExists(schemaName, tableName, indexName), "index", schemaName, tableName, indexName);

    public bool SequenceExists(string? schemaName, string sequenceName) => Ask(() => schema.SequenceExists(schemaName, sequenceName), "sequence", schemaName, sequenceName);

    public bool DefaultValueExists(string? schemaName, string tableName, string columnName, object defaultValue) =>
        Ask(() => schema.DefaultValueExists(schemaName, tableName, columnName, defaultValue), "default", schemaName, tableName, columnName, Convert.ToString(defaultValue, CultureInfo.InvariantCulture));

    private bool Ask(Func<bool> answer, params string?[] question)
    {
        var key = string.Join("|", question.Select(q => q ?? string.Empty));
        if (!_answers.TryGetValue(key, out var value))
        {
            value = recorded is not null && recorded.TryGetValue(key, out var known) ? known : answer();
            _answers[key] = value;
        }

        return value;
    }
}
