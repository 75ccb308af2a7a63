using SafeMigrate.Backfill;
using static SafeMigrate.Providers.SqlServer.SqlServerIdentifiers;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// The T-SQL of a batched backfill on SQL Server, walking a single-column unique key by range. Key values travel as
/// text (lossless for the key types allowed) and are cast back to the key's type, so one code path serves them all.
/// Each batch's UPDATE is bounded by key range, so it touches at most the batch size in rows: kept under 5,000, the
/// point where SQL Server escalates row locks to a table lock.
/// </summary>
public sealed class SqlServerBackfillStatements
{
    /// <summary>Under the lock escalation threshold (5,000 locks held by one statement), with room for index key locks.</summary>
    public const int MaxBatchSize = 4000;

    /// <summary>Integer, character and uniqueidentifier keys: their text form round-trips exactly.</summary>
    public static readonly IReadOnlySet<string> KeyTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "int", "bigint", "smallint", "tinyint", "uniqueidentifier", "varchar", "nvarchar", "char", "nchar",
    };

    /// <summary>The key: the primary key, else a unique index, with one NOT NULL column; its name, type name and full type.</summary>
    public static string KeySql(string schema, string table) => $"""
        SELECT TOP (1) c.name, ty.name,
               ty.name + CASE WHEN ty.name IN (N'varchar', N'char') THEN N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CAST(c.max_length AS nvarchar(10)) END + N')'
                              WHEN ty.name IN (N'nvarchar', N'nchar') THEN N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CAST(c.max_length / 2 AS nvarchar(10)) END + N')'
                              ELSE N'' END
        FROM sys.indexes AS k
        JOIN sys.index_columns AS ic ON ic.object_id = k.object_id AND ic.index_id = k.index_id AND ic.is_included_column = 0
        JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        JOIN sys.types AS ty ON ty.user_type_id = c.system_type_id
        WHERE k.object_id = {ObjectId(schema, table)} AND k.is_unique = 1 AND k.has_filter = 0 AND c.is_nullable = 0
          AND (SELECT COUNT(*) FROM sys.index_columns AS x WHERE x.object_id = k.object_id AND x.index_id = k.index_id AND x.is_included_column = 0) = 1
        ORDER BY k.is_primary_key DESC, k.index_id;
        """;

    public SqlServerBackfillStatements(BackfillRequest request, string keyColumn, string keyType)
    {
        var table = Table(request.Schema, request.Table);
        var key = Quote(keyColumn);
        var predicate = request.Predicate is null ? string.Empty : $" AND ({request.Predicate})";
        MaxKeySql = $"SELECT TOP (1) CONVERT(nvarchar(4000), {key}) FROM {table} ORDER BY {key} DESC;";
        FirstUpperSql = $"SELECT CONVERT(nvarchar(4000), MAX(b.{key})) FROM (SELECT TOP (@batch_size) {key} FROM {table} WHERE {key} <= CAST(@max AS {keyType}) ORDER BY {key}) AS b;";
        NextUpperSql = $"SELECT CONVERT(nvarchar(4000), MAX(b.{key})) FROM (SELECT TOP (@batch_size) {key} FROM {table} WHERE {key} > CAST(@from AS {keyType}) AND {key} <= CAST(@max AS {keyType}) ORDER BY {key}) AS b;";
        FirstUpdateSql = $"UPDATE {table} SET {request.SetClause} WHERE {key} <= CAST(@upper AS {keyType}){predicate};";
        NextUpdateSql = $"UPDATE {table} SET {request.SetClause} WHERE {key} > CAST(@from AS {keyType}) AND {key} <= CAST(@upper AS {keyType}){predicate};";
    }

    /// <summary>The greatest key when the backfill starts; rows inserted later are kept right by triggers or defaults.</summary>
    public string MaxKeySql { get; }

    /// <summary>The last key of the next batch (parameters @batch_size, @max, and @from after the first).</summary>
    public string FirstUpperSql { get; }

    public string NextUpperSql { get; }

    /// <summary>The batch's UPDATE (parameters @upper, and @from after the first).</summary>
    public string FirstUpdateSql { get; }

    public string NextUpdateSql { get; }
}
