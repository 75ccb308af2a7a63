using System.Data.Common;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Catalog;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>Reads what the planner and the expand self-check need from a live SQL Server catalog (<c>sys.columns</c>).</summary>
internal static class SqlServerCatalog
{
    /// <summary>
    /// Every column of user tables and views, with its type spelled as <see cref="SqlServerTypeNames"/> normalizes
    /// FluentMigrator's, and nullability. A synonym (the old name of a renamed table) lists the columns of the object it
    /// stands for: the running version reads and writes through it. SafeMigrate's schema and its <c>_sm_</c> columns are
    /// left out: they are not the app's.
    /// </summary>
    public const string ColumnsSql = """
        WITH objects AS (
            SELECT o.schema_id, o.name, o.object_id
            FROM sys.objects AS o
            WHERE o.type IN ('U', 'V') AND o.is_ms_shipped = 0
            UNION ALL
            SELECT sy.schema_id, sy.name, OBJECT_ID(sy.base_object_name)
            FROM sys.synonyms AS sy
            WHERE PARSENAME(sy.base_object_name, 3) IS NULL -- a synonym for another database's object has no columns here
        )
        SELECT s.name, x.name, c.name,
               UPPER(ty.name) + CASE
                   WHEN ty.name IN (N'varchar', N'char', N'varbinary', N'binary')
                       THEN N'(' + CASE WHEN c.max_length = -1 THEN N'MAX' ELSE CAST(c.max_length AS nvarchar(10)) END + N')'
                   WHEN ty.name IN (N'nvarchar', N'nchar')
                       THEN N'(' + CASE WHEN c.max_length = -1 THEN N'MAX' ELSE CAST(c.max_length / 2 AS nvarchar(10)) END + N')'
                   WHEN ty.name IN (N'decimal', N'numeric')
                       THEN N'(' + CAST(c.precision AS nvarchar(10)) + N',' + CAST(c.scale AS nvarchar(10)) + N')'
                   WHEN ty.name IN (N'datetime2', N'datetimeoffset', N'time')
                       THEN N'(' + CAST(c.scale AS nvarchar(10)) + N')'
                   ELSE N'' END,
               CAST(CASE WHEN c.is_nullable = 0 THEN 1 ELSE 0 END AS bit),
               -- What depends on the column (ColumnDependents): an index, a CHECK constraint or computed column whose
               -- definition names it (SQL Server stores definitions with bracketed names), a foreign key on either side.
               CAST(CASE WHEN EXISTS (SELECT 1 FROM sys.index_columns AS ic WHERE ic.object_id = c.object_id AND ic.column_id = c.column_id) THEN 1 ELSE 0 END AS bit),
               CAST(CASE WHEN EXISTS (SELECT 1 FROM sys.check_constraints AS cc WHERE cc.parent_object_id = c.object_id AND CHARINDEX(QUOTENAME(c.name), cc.definition) > 0)
                           OR EXISTS (SELECT 1 FROM sys.computed_columns AS cp WHERE cp.object_id = c.object_id AND CHARINDEX(QUOTENAME(c.name), cp.definition) > 0)
                         THEN 1 ELSE 0 END AS bit),
               CAST(CASE WHEN EXISTS (SELECT 1 FROM sys.foreign_key_columns AS fk
                                      WHERE (fk.parent_object_id = c.object_id AND fk.parent_column_id = c.column_id)
                                         OR (fk.referenced_object_id = c.object_id AND fk.referenced_column_id = c.column_id))
                         THEN 1 ELSE 0 END AS bit)
        FROM objects AS x
        JOIN sys.schemas AS s ON s.schema_id = x.schema_id
        JOIN sys.columns AS c ON c.object_id = x.object_id
        JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id
        WHERE s.name <> N'safe_migrate' AND LEFT(c.name, 4) <> N'_sm_';
        """;

    /// <summary>
    /// Schemas, tables, views (and synonyms, which stand for a renamed table's old name), sequences, indexes, constraints
    /// (keys, foreign keys, checks, defaults) and DML triggers, SafeMigrate's schema left out.
    /// </summary>
    public const string ObjectsSql = """
        SELECT N'schema' AS kind, s.name AS [schema], CAST(NULL AS sysname) AS [table], s.name AS name
        FROM sys.schemas AS s
        WHERE s.name <> N'safe_migrate' AND s.schema_id < 16384
        UNION ALL
        SELECT CASE o.type WHEN 'U' THEN N'table' WHEN 'SO' THEN N'sequence' ELSE N'view' END, s.name, NULL, o.name
        FROM sys.objects AS o JOIN sys.schemas AS s ON s.schema_id = o.schema_id
        WHERE o.type IN ('U', 'V', 'SO', 'SN') AND o.is_ms_shipped = 0 AND s.name <> N'safe_migrate'
        UNION ALL
        SELECT CASE o.type WHEN 'TR' THEN N'trigger' ELSE N'constraint' END, s.name, p.name, o.name
        FROM sys.objects AS o JOIN sys.objects AS p ON p.object_id = o.parent_object_id JOIN sys.schemas AS s ON s.schema_id = p.schema_id
        WHERE o.type IN ('PK', 'UQ', 'F', 'C', 'D', 'TR') AND s.name <> N'safe_migrate'
        UNION ALL
        SELECT N'index', s.name, t.name, i.name
        FROM sys.indexes AS i JOIN sys.objects AS t ON t.object_id = i.object_id JOIN sys.schemas AS s ON s.schema_id = t.schema_id
        WHERE i.name IS NOT NULL AND t.type IN ('U', 'V') AND t.is_ms_shipped = 0 AND s.name <> N'safe_migrate';
        """;

    /// <summary>
    /// Columns that a rename or a shadow-column type change cannot replace by a new column, with the reason: one that
    /// another table's foreign key references (contract's DROP COLUMN fails while the key depends on it, and SafeMigrate
    /// does not copy such keys on SQL Server), and an IDENTITY column (SQL Server cannot give an existing column
    /// IDENTITY, so the new column would lose it). A type change in place (<c>ALTER COLUMN … WITH (ONLINE = ON)</c>)
    /// fails on both as well: the foreign key depends on the column, and a key column's index does too.
    /// </summary>
    public const string IrreplaceableColumnsSql = """
        SELECT s.name AS [schema], t.name AS [table], c.name AS [column],
               N'it is an IDENTITY column, and SQL Server cannot give an existing column IDENTITY (the new column would lose it): keep its name and type, or rename it with sp_rename (Execute.SqlInContract) while the old version is stopped' AS reason
        FROM sys.columns AS c JOIN sys.tables AS t ON t.object_id = c.object_id JOIN sys.schemas AS s ON s.schema_id = t.schema_id
        WHERE c.is_identity = 1 AND s.name <> N'safe_migrate'
        UNION ALL
        SELECT s.name, t.name, c.name,
               N'the foreign key ' + QUOTENAME(fk.name) + N' of ' + QUOTENAME(rs.name) + N'.' + QUOTENAME(rt.name)
                 + N' references it, which would stop the old column''s DROP COLUMN at contract (SafeMigrate does not copy foreign keys that reference a replaced column on SQL Server)'
        FROM sys.foreign_key_columns AS fkc
        JOIN sys.foreign_keys AS fk ON fk.object_id = fkc.constraint_object_id
        JOIN sys.tables AS t ON t.object_id = fkc.referenced_object_id JOIN sys.schemas AS s ON s.schema_id = t.schema_id
        JOIN sys.columns AS c ON c.object_id = fkc.referenced_object_id AND c.column_id = fkc.referenced_column_id
        JOIN sys.tables AS rt ON rt.object_id = fkc.parent_object_id JOIN sys.schemas AS rs ON rs.schema_id = rt.schema_id
        WHERE s.name <> N'safe_migrate';
        """;

    /// <summary>The rows of <see cref="IrreplaceableColumnsSql"/>, reasons of one column joined; names compared without case, as SQL Server's usual collations do.</summary>
    public static async Task<IReadOnlyDictionary<(string Schema, string Table, string Column), string>> ReadIrreplaceableColumnsAsync(DbConnection connection, CancellationToken ct)
    {
        var reasons = new Dictionary<(string, string, string), string>(IgnoreCaseColumnKey.Instance);
        await using var command = connection.CreateCommand();
        command.CommandText = IrreplaceableColumnsSql;
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var key = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            reasons[key] = reasons.TryGetValue(key, out var earlier) ? earlier + "; " + reader.GetString(3) : reader.GetString(3);
        }

        return reasons;
    }

    /// <summary>SQL Server's names compare without case (the default collations).</summary>
    internal sealed class IgnoreCaseColumnKey : IEqualityComparer<(string, string, string)>
    {
        public static IgnoreCaseColumnKey Instance { get; } = new();

        public bool Equals((string, string, string) x, (string, string, string) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Item1, y.Item1) && StringComparer.OrdinalIgnoreCase.Equals(x.Item2, y.Item2) && StringComparer.OrdinalIgnoreCase.Equals(x.Item3, y.Item3);

        public int GetHashCode((string, string, string) obj) => HashCode.Combine(
            StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Item1), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Item2), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Item3));
    }

    public static async Task<CatalogSnapshot> ReadAsync(DbConnection connection, CancellationToken ct)
    {
        var columns = new List<CatalogColumn>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = ColumnsSql;
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                columns.Add(new CatalogColumn(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4))
                {
                    Dependents = new ColumnDependents(reader.GetBoolean(5), reader.GetBoolean(6), reader.GetBoolean(7)),
                });
            }
        }

        var objects = new List<CatalogObject>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = ObjectsSql;
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                objects.Add(new CatalogObject(CatalogObjects.ParseKind(reader.GetString(0)), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
            }
        }

        return new CatalogSnapshot(columns, SqlServerIdentifiers.DefaultSchema, objects) { NamesIgnoreCase = true };
    }
}
