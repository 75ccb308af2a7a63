using System.Text;
using SafeMigrate.Backfill;
using SafeMigrate.FluentMigrator;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// The SQL of a backfill over one key. Key values travel as text parameters cast back to the column types, so any
/// orderable key type (int, bigint, uuid, text, timestamps, composites of them) works with one code path.
/// </summary>
/// <remarks>
/// Why each batch is an index range scan whatever the table's size:
/// <list type="bullet">
/// <item>The batch's keys are read with <c>ORDER BY key LIMIT n</c> from the last key on: the planner walks the key's
/// index from that point and stops after n entries. The start's max key filters those n rows afterwards instead of
/// bounding the scan: a pair of bounds is estimated at 0.5% of the table when statistics are missing, and an estimate
/// below n makes the planner read the whole range with a bitmap scan and sort it, batch after batch. A lower bound
/// alone is estimated from the histogram (whose ends PostgreSQL checks against the index), so the estimate stays
/// near the real number of rows left.</item>
/// <item>The UPDATE is bounded by the batch's first and last keys, which are InitPlan parameters unknown at plan
/// time. PostgreSQL then estimates the range as 0.5% of the table (DEFAULT_RANGE_INEQ_SEL), in custom and generic
/// plans alike, so it picks the index; with a literal upper bound and no lower one it would estimate a third of the
/// table and might choose a sequential scan. A row comparison is estimated from its first column only, so composite
/// keys repeat that column's range as a plain pair of conditions.</item>
/// <item>The UPDATE does not join the batch (no <c>FROM</c>): no hash join that could scan the table, and no
/// ambiguity between the user's SET clause and the batch's column names.</item>
/// </list>
/// Rows are not locked with <c>FOR UPDATE SKIP LOCKED</c>: a skipped row would never be backfilled. The UPDATE waits
/// for locked rows up to lock_timeout, and the whole batch is retried if it times out.
/// </remarks>
internal sealed class PostgresBackfillStatements
{
    public PostgresBackfillStatements(BackfillKey key, string setClause, string? predicate)
    {
        FirstBatchSql = BatchSql(key, setClause, predicate, withLowerBound: false);
        NextBatchSql = BatchSql(key, setClause, predicate, withLowerBound: true);
    }

    /// <summary>Parameters: the max key ($1..$n, text), the batch size ($n+1). Result: rows walked, rows updated, last key (n text columns, null when the batch was empty).</summary>
    public string FirstBatchSql { get; }

    /// <summary>Parameters: the last key done ($1..$n), the max key ($n+1..$2n), the batch size ($2n+1). Result as <see cref="FirstBatchSql"/>.</summary>
    public string NextBatchSql { get; }

    /// <summary>
    /// For a batched C# data fix: the first batch's range, found as <see cref="FirstBatchSql"/> finds it but changing no
    /// row (the fix does). Parameters as <see cref="FirstBatchSql"/>. Result: rows in the range, 0, the range's last key.
    /// </summary>
    public static string FirstRangeSql(BackfillKey key) => BatchSql(key, null, null, withLowerBound: false);

    /// <summary>As <see cref="FirstRangeSql"/>, after the last key done; parameters as <see cref="NextBatchSql"/>.</summary>
    public static string NextRangeSql(BackfillKey key) => BatchSql(key, null, null, withLowerBound: true);

    /// <summary>
    /// The condition a batched C# data fix appends to its statements: the key after the range's lower bound (when there
    /// is one) and not after its upper bound, both as named text parameters (<c>@sm_after_i</c>, <c>@sm_upto_i</c>) cast to
    /// the key's types, compared with the index's collation. A composite key compares the row, like the index, and repeats
    /// its leading column's range as plain conditions (a row comparison is estimated from its first column only).
    /// </summary>
    /// <param name="alias">Written before each column (<c>o."id"</c>), or null for none.</param>
    public static string FixCondition(BackfillKey key, string? alias, bool hasLowerBound)
    {
        string ColumnOf(BackfillKeyColumn c) => alias is null ? Column(c) : $"{alias}.{Column(c)}";
        string Value(string bound, int i) => $"CAST({DataFixBatch.ParameterName(bound, i)} AS {key.Columns[i].Type})";
        string Row(Func<int, string> item) =>
            key.Width == 1 ? item(0) : "(" + string.Join(", ", Enumerable.Range(0, key.Width).Select(item)) + ")";

        var keyRow = Row(i => ColumnOf(key.Columns[i]));
        var conditions = new List<string>();
        if (hasLowerBound)
        {
            conditions.Add($"{keyRow} > {Row(i => Value("after", i))}");
        }

        conditions.Add($"{keyRow} <= {Row(i => Value("upto", i))}");
        if (key.Width > 1)
        {
            if (hasLowerBound)
            {
                conditions.Add($"{ColumnOf(key.Columns[0])} >= {Value("after", 0)}");
            }

            conditions.Add($"{ColumnOf(key.Columns[0])} <= {Value("upto", 0)}");
        }

        return string.Join(" AND ", conditions);
    }

    /// <summary>The greatest key at the start, as n text columns; no row for an empty table.</summary>
    public static string MaxKeySql(BackfillKey key) =>
        $"SELECT {TextColumns(key, null)} FROM {key.QualifiedTable} ORDER BY {OrderBy(key, descending: true)} LIMIT 1";

    /// <param name="setClause">Null for a range alone (a batched C# data fix): the batch is found, no row is changed.</param>
    private static string BatchSql(BackfillKey key, string? setClause, string? predicate, bool withLowerBound)
    {
        var n = key.Columns.Count;
        var columns = string.Join(", ", key.Columns.Select(c => PostgresIdentifiers.Quote(c.Name)));
        var keyExpression = KeyExpression(key);
        var maxStart = withLowerBound ? n + 1 : 1;
        var limitParameter = maxStart + n;

        var sql = new StringBuilder();
        sql.Append("WITH batch AS MATERIALIZED (\n");
        sql.Append($"    SELECT {columns} FROM (\n");
        sql.Append($"        SELECT {columns} FROM {key.QualifiedTable}\n");
        if (withLowerBound)
        {
            sql.Append($"        WHERE {keyExpression} > {Parameters(key, 1)}\n");
        }

        sql.Append($"        ORDER BY {OrderBy(key, descending: false)} LIMIT ${limitParameter}\n");
        sql.Append($"    ) AS next_rows WHERE {keyExpression} <= {Parameters(key, maxStart)}\n");
        if (setClause is null)
        {
            sql.Append("), last_key AS (\n");
            sql.Append($"    SELECT {columns} FROM batch ORDER BY {OrderBy(key, descending: true)} LIMIT 1\n");
            sql.Append(")\n");
            sql.Append($"SELECT (SELECT count(*) FROM batch), 0::bigint, {TextColumns(key, "last_key")}\n");
            sql.Append("FROM (VALUES (1)) AS one (x) LEFT JOIN last_key ON true");
            return sql.ToString();
        }

        sql.Append("), first_key AS (\n");
        sql.Append($"    SELECT {columns} FROM batch ORDER BY {OrderBy(key, descending: false)} LIMIT 1\n");
        sql.Append("), last_key AS (\n");
        sql.Append($"    SELECT {columns} FROM batch ORDER BY {OrderBy(key, descending: true)} LIMIT 1\n");
        sql.Append("), updated AS (\n");
        sql.Append($"    UPDATE {key.QualifiedTable} SET {setClause}\n");
        sql.Append($"    WHERE {keyExpression} >= {FromCte(key, "first_key")} AND {keyExpression} <= {FromCte(key, "last_key")}\n");
        if (n > 1)
        {
            var lead = Column(key.Columns[0]);
            var leadName = PostgresIdentifiers.Quote(key.Columns[0].Name);
            sql.Append($"      AND {lead} >= (SELECT {leadName} FROM first_key) AND {lead} <= (SELECT {leadName} FROM last_key)\n");
        }

        if (!string.IsNullOrWhiteSpace(predicate))
        {
            sql.Append($"      AND ({predicate})\n");
        }

        sql.Append("    RETURNING 1\n");
        sql.Append(")\n");
        sql.Append($"SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM updated), {TextColumns(key, "last_key")}\n");
        sql.Append("FROM (VALUES (1)) AS one (x) LEFT JOIN last_key ON true");
        return sql.ToString();
    }

    private static string Column(BackfillKeyColumn column) =>
        column.Collation is null
            ? PostgresIdentifiers.Quote(column.Name)
            : $"{PostgresIdentifiers.Quote(column.Name)} COLLATE {column.Collation}";

    /// <summary><c>"a"</c>, or the row <c>("a", "b")</c> for a composite key (row comparison is lexicographic, like the index).</summary>
    private static string KeyExpression(BackfillKey key) =>
        key.Columns.Count == 1 ? Column(key.Columns[0]) : "(" + string.Join(", ", key.Columns.Select(Column)) + ")";

    private static string Parameters(BackfillKey key, int first)
    {
        var values = key.Columns.Select((c, i) => $"${first + i}::{c.Type}").ToArray();
        return values.Length == 1 ? values[0] : "(" + string.Join(", ", values) + ")";
    }

    private static string FromCte(BackfillKey key, string cte)
    {
        var values = key.Columns.Select(c => $"(SELECT {PostgresIdentifiers.Quote(c.Name)} FROM {cte})").ToArray();
        return values.Length == 1 ? values[0] : "(" + string.Join(", ", values) + ")";
    }

    private static string OrderBy(BackfillKey key, bool descending) =>
        string.Join(", ", key.Columns.Select(c => descending ? Column(c) + " DESC" : Column(c)));

    /// <remarks>
    /// Aliased: an output column named like the key column would win over it in <c>ORDER BY "id"</c>, and the rows
    /// would be ordered by their text ('99' after '250').
    /// </remarks>
    private static string TextColumns(BackfillKey key, string? relation) =>
        string.Join(", ", key.Columns.Select((c, i) =>
            $"{(relation is null ? "" : relation + ".")}{PostgresIdentifiers.Quote(c.Name)}::text AS key_text_{i}"));
}
