using System.Text;
using SafeMigrate.Backfill;
using SafeMigrate.FluentMigrator;
using static SafeMigrate.Providers.SqlServer.SqlServerIdentifiers;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// The T-SQL of a backfill over one key, single-column or composite. Key values travel as nvarchar parameters and are
/// cast back to the key columns' types, so one code path serves every key type allowed. T-SQL has no row comparison,
/// so "after (a, b)" is spelled out as <c>a &gt; @a OR (a = @a AND b &gt; @b)</c>, with the leading column's range
/// repeated as a plain pair of conditions for the index seek.
/// </summary>
/// <remarks>
/// Each batch is one round trip: it finds the batch's last key (TOP n after the previous batch's last key, in key order,
/// never beyond the key that was greatest at the start), then updates the rows in between by key range, so it touches
/// at most n rows: kept under 5,000, the point where SQL Server escalates row locks to a table lock. The derived
/// tables keep the key columns' own collations, so ORDER BY and the range agree with the index.
/// </remarks>
internal sealed class SqlServerBackfillStatements
{
    /// <summary>Under the lock escalation threshold (5,000 locks held by one statement), with room for index key locks.</summary>
    public const int MaxBatchSize = 4000;

    /// <summary>Integer, character and uniqueidentifier keys: their text form round-trips exactly.</summary>
    public static readonly IReadOnlySet<string> KeyTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "int", "bigint", "smallint", "tinyint", "uniqueidentifier", "varchar", "nvarchar", "char", "nchar",
    };

    public SqlServerBackfillStatements(BackfillKey key, string setClause, string? predicate)
    {
        FirstBatchSql = BatchSql(key, setClause, predicate, withLowerBound: false);
        NextBatchSql = BatchSql(key, setClause, predicate, withLowerBound: true);
    }

    /// <summary>
    /// The key: the primary key, else the narrowest unique, unfiltered rowstore index whose key columns are all NOT NULL.
    /// One row per key column in key order: index name, column name, type name, full type (with its length).
    /// </summary>
    public static string KeySql(string schema, string table) => $"""
        WITH candidates AS (
            SELECT k.index_id, k.is_primary_key, COUNT(*) AS width, MAX(CASE WHEN c.is_nullable = 1 THEN 1 ELSE 0 END) AS any_nullable
            FROM sys.indexes AS k
            JOIN sys.index_columns AS ic ON ic.object_id = k.object_id AND ic.index_id = k.index_id AND ic.key_ordinal > 0
            JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
            WHERE k.object_id = {ObjectId(schema, table)} AND k.is_unique = 1 AND k.has_filter = 0 AND k.is_disabled = 0 AND k.type IN (1, 2)
            GROUP BY k.index_id, k.is_primary_key
        ), chosen AS (
            SELECT TOP (1) index_id FROM candidates WHERE any_nullable = 0 ORDER BY is_primary_key DESC, width, index_id
        )
        SELECT i.name, c.name, ty.name,
               ty.name + CASE WHEN ty.name IN (N'varchar', N'char') THEN N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CAST(c.max_length AS nvarchar(10)) END + N')'
                              WHEN ty.name IN (N'nvarchar', N'nchar') THEN N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CAST(c.max_length / 2 AS nvarchar(10)) END + N')'
                              ELSE N'' END
        FROM chosen
        JOIN sys.indexes AS i ON i.object_id = {ObjectId(schema, table)} AND i.index_id = chosen.index_id
        JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.key_ordinal > 0
        JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        JOIN sys.types AS ty ON ty.user_type_id = c.system_type_id
        ORDER BY ic.key_ordinal;
        """;

    /// <summary>The table's row count from its partitions' metadata: free, where COUNT(*) would scan it.</summary>
    public static string EstimateSql(string schema, string table) =>
        $"SELECT SUM(p.[rows]) FROM sys.partitions AS p WHERE p.[object_id] = {ObjectId(schema, table)} AND p.[index_id] IN (0, 1);";

    /// <summary>The greatest key at the start, one nvarchar column per key column; no row for an empty table.</summary>
    public static string MaxKeySql(BackfillKey key) =>
        $"SELECT TOP (1) {string.Join(", ", key.Columns.Select(c => $"CONVERT(nvarchar(4000), {Quote(c.Name)})"))} FROM {key.QualifiedTable} ORDER BY {OrderBy(key, " DESC")};";

    /// <summary>Parameters: @max_0..@max_{n-1} (nvarchar), @batch_size. Result: rows walked, rows updated, the last key (n nvarchar columns, null when the batch was empty).</summary>
    public string FirstBatchSql { get; }

    /// <summary>As <see cref="FirstBatchSql"/>, after the last key done: @after_0..@after_{n-1}.</summary>
    public string NextBatchSql { get; }

    /// <summary>
    /// For a batched C# data fix: the first batch's range, found as <see cref="FirstBatchSql"/> finds it but changing no
    /// row (the fix does). Parameters as <see cref="FirstBatchSql"/>. Result: rows in the range, 0, the range's last key.
    /// </summary>
    public static string FirstRangeSql(BackfillKey key) => BatchSql(key, null, null, withLowerBound: false);

    /// <summary>As <see cref="FirstRangeSql"/>, after the last key done: @after_0..@after_{n-1}.</summary>
    public static string NextRangeSql(BackfillKey key) => BatchSql(key, null, null, withLowerBound: true);

    /// <summary>
    /// The condition a batched C# data fix appends to its statements: the key after <c>@sm_after_i</c> (when there is a
    /// lower bound) and not after <c>@sm_upto_i</c>, nvarchar parameters cast to the key columns' types, spelled out
    /// column by column (T-SQL has no row comparison), with the leading column's range repeated for the index seek.
    /// </summary>
    /// <param name="alias">Written before each column (<c>o.[id]</c>), or null for none.</param>
    public static string FixCondition(BackfillKey key, string? alias, bool hasLowerBound)
    {
        var columns = key.Columns.Select(c => alias is null ? Quote(c.Name) : $"{alias}.{Quote(c.Name)}").ToArray();
        string Value(string bound, int i) => $"CAST({DataFixBatch.ParameterName(bound, i)} AS {key.Columns[i].Type})";
        string Nest(string bound, int i, string strict, string last) =>
            i == columns.Length - 1
                ? $"{columns[i]} {last} {Value(bound, i)}"
                : $"({columns[i]} {strict} {Value(bound, i)} OR ({columns[i]} = {Value(bound, i)} AND {Nest(bound, i + 1, strict, last)}))";

        var conditions = new List<string>();
        if (hasLowerBound)
        {
            conditions.Add(Nest("after", 0, ">", ">"));
        }

        conditions.Add(Nest("upto", 0, "<", "<="));
        if (columns.Length > 1)
        {
            if (hasLowerBound)
            {
                conditions.Add($"{columns[0]} >= {Value("after", 0)}");
            }

            conditions.Add($"{columns[0]} <= {Value("upto", 0)}");
        }

        return string.Join(" AND ", conditions);
    }

    /// <param name="setClause">Null for a range alone (a batched C# data fix): the batch is found, no row is changed.</param>
    private static string BatchSql(BackfillKey key, string? setClause, string? predicate, bool withLowerBound)
    {
        var n = key.Width;
        var columns = key.Columns.Select(c => Quote(c.Name)).ToArray();
        var types = key.Columns.Select(c => c.Type).ToArray();

        var sql = new StringBuilder();
        sql.Append("SET NOCOUNT ON;\n");
        sql.Append("DECLARE @walked bigint, @updated bigint = 0");
        for (var i = 0; i < n; i++)
        {
            sql.Append($", @m_{i} {types[i]} = CAST(@max_{i} AS {types[i]}), @l_{i} {types[i]}");
            if (withLowerBound)
            {
                sql.Append($", @a_{i} {types[i]} = CAST(@after_{i} AS {types[i]})");
            }
        }

        sql.Append(";\n");
        var range = (withLowerBound ? After(columns, "a") + " AND " : string.Empty) + NotAfter(columns, "m") + Lead(columns, withLowerBound ? "a" : null, "m");
        var next = $"SELECT TOP (@batch_size) {string.Join(", ", columns)} FROM {key.QualifiedTable} WHERE {range} ORDER BY {OrderBy(key, string.Empty)}";
        sql.Append($"SELECT @walked = COUNT_BIG(*) FROM ({next}) AS b;\n");
        sql.Append($"SELECT TOP (1) {string.Join(", ", Enumerable.Range(0, n).Select(i => $"@l_{i} = b.{columns[i]}"))} FROM ({next}) AS b ORDER BY {string.Join(", ", columns.Select(c => $"b.{c} DESC"))};\n");
        if (setClause is null)
        {
            sql.Append($"SELECT @walked, @updated, {string.Join(", ", Enumerable.Range(0, n).Select(i => $"CONVERT(nvarchar(4000), @l_{i})"))};");
            return sql.ToString();
        }

        sql.Append("IF @walked > 0\nBEGIN\n");
        sql.Append($"    UPDATE {key.QualifiedTable} SET {setClause}\n");
        sql.Append($"    WHERE {(withLowerBound ? After(columns, "a") + " AND " : string.Empty)}{NotAfter(columns, "l")}{Lead(columns, withLowerBound ? "a" : null, "l")}");
        if (!string.IsNullOrWhiteSpace(predicate))
        {
            sql.Append($" AND ({predicate})");
        }

        sql.Append(";\n    SET @updated = @@ROWCOUNT;\nEND;\n");
        sql.Append($"SELECT @walked, @updated, {string.Join(", ", Enumerable.Range(0, n).Select(i => $"CONVERT(nvarchar(4000), @l_{i})"))};");
        return sql.ToString();
    }

    /// <summary>The key strictly after the variables <c>@{prefix}_i</c>, lexicographically.</summary>
    private static string After(string[] columns, string prefix) => Nested(columns, prefix, 0, ">", ">");

    /// <summary>The key at or before the variables <c>@{prefix}_i</c>.</summary>
    private static string NotAfter(string[] columns, string prefix) => Nested(columns, prefix, 0, "<", "<=");

    private static string Nested(string[] columns, string prefix, int i, string strict, string last) =>
        i == columns.Length - 1
            ? $"{columns[i]} {last} @{prefix}_{i}"
            : $"({columns[i]} {strict} @{prefix}_{i} OR ({columns[i]} = @{prefix}_{i} AND {Nested(columns, prefix, i + 1, strict, last)}))";

    /// <summary>For a composite key, the leading column's bounds as plain conditions, which the optimizer turns into an index seek.</summary>
    private static string Lead(string[] columns, string? lower, string upper) =>
        columns.Length == 1 ? string.Empty
            : (lower is null ? string.Empty : $" AND {columns[0]} >= @{lower}_0") + $" AND {columns[0]} <= @{upper}_0";

    private static string OrderBy(BackfillKey key, string direction) => string.Join(", ", key.Columns.Select(c => Quote(c.Name) + direction));
}
