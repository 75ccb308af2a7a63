using System.Data;

namespace SafeMigrate.FluentMigrator;

/// <summary>
/// The rows one call of a batched C# data fix (<see cref="MigrationPhaseExtensions.WithConnectionInBatches"/>) must
/// handle: a range of the table's key, the lower bound excluded, the upper bound included. Append <see cref="Where"/> to
/// the fix's own statements and add its parameters with <see cref="AddParameters"/>:
/// <code>
/// using var command = connection.CreateCommand();
/// command.Transaction = transaction;
/// command.CommandText = $"SELECT id, settings FROM orders WHERE {batch.Where}";
/// batch.AddParameters(command);
/// </code>
/// Under the SafeMigrate runner each batch is a short key range (about 100 ms of work); under plain FluentMigrator the
/// one call covers the whole table: no bounds, and <see cref="Where"/> is <c>1=1</c>.
/// </summary>
public sealed class DataFixBatch
{
    /// <summary>The prefix of the parameters <see cref="Where"/> names (<c>@sm_after_0</c>, <c>@sm_upto_0</c>, …), chosen not to meet the fix's own.</summary>
    public const string ParameterPrefix = "sm_";

    private readonly Func<string?, string> _where;

    internal DataFixBatch(
        string schema,
        string table,
        IReadOnlyList<string> keyColumns,
        IReadOnlyList<string>? after,
        IReadOnlyList<string>? upTo,
        Func<string?, string> where)
    {
        Schema = schema;
        Table = table;
        KeyColumns = keyColumns;
        After = after;
        UpTo = upTo;
        _where = where;
        Where = where(null);
    }

    /// <summary>The one call of a plain FluentMigrator run: the whole table, no key read.</summary>
    internal static DataFixBatch WholeTable(string? schema, string table) => new(schema ?? string.Empty, table, [], null, null, _ => "1=1");

    /// <summary>The table's schema, as the migration named it (empty when it named none and the call is plain FluentMigrator's).</summary>
    public string Schema { get; }

    /// <summary>The table the fix walks.</summary>
    public string Table { get; }

    /// <summary>The key columns the batches follow, in key order (the primary key, or a unique index on NOT NULL columns); empty for the whole table.</summary>
    public IReadOnlyList<string> KeyColumns { get; }

    /// <summary>The key the batch starts after (excluded), one text value per key column; null for the first batch.</summary>
    public IReadOnlyList<string>? After { get; }

    /// <summary>The last key of the batch (included), one text value per key column; null only for the whole table.</summary>
    public IReadOnlyList<string>? UpTo { get; }

    /// <summary>True for the one call that covers the whole table (plain FluentMigrator).</summary>
    public bool IsWholeTable => After is null && UpTo is null;

    /// <summary>
    /// A condition on the key that holds for exactly the rows of this batch, such as
    /// <c>"id" &gt; CAST(@sm_after_0 AS integer) AND "id" &lt;= CAST(@sm_upto_0 AS integer)</c> (PostgreSQL; a composite key
    /// compares the whole key); <c>1=1</c> for the whole table. Column names are unqualified: see <see cref="WhereOn"/>.
    /// </summary>
    public string Where { get; }

    /// <summary><see cref="Where"/> with every key column qualified by <paramref name="alias"/> (written as given), for a statement that joins other tables.</summary>
    public string WhereOn(string alias)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        return _where(alias);
    }

    /// <summary>Adds the parameters <see cref="Where"/> names to <paramref name="command"/>, as text (the condition casts them to the key's types); none for the whole table.</summary>
    public void AddParameters(IDbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Add(command, "after", After);
        Add(command, "upto", UpTo);
    }

    internal static string ParameterName(string bound, int column) => $"@{ParameterPrefix}{bound}_{column}";

    private static void Add(IDbCommand command, string bound, IReadOnlyList<string>? values)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = ParameterName(bound, i);
            parameter.DbType = DbType.String;
            parameter.Value = values![i];
            command.Parameters.Add(parameter);
        }
    }

    public override string ToString() =>
        IsWholeTable ? $"{Table} (whole table)" : $"{Table} ({string.Join(", ", KeyColumns)}) after ({(After is null ? "start" : string.Join(", ", After))}) up to ({string.Join(", ", UpTo ?? [])})";
}
