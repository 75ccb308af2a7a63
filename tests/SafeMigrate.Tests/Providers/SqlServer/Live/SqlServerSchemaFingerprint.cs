using Microsoft.Data.SqlClient;

namespace SafeMigrate.Tests.Providers.SqlServer.Live;

/// <summary>
/// The user schema of a SQL Server database as comparable text lines: columns (type, nullability, default, collation;
/// order aside, from INFORMATION_SCHEMA.COLUMNS), identity columns, indexes with their keys and included columns (primary
/// keys and unique constraints among them, from sys.indexes), foreign keys, check and default constraints with their
/// names, schemas, and every trigger, view, synonym, procedure and function (a sync trigger or a compatibility synonym
/// left behind shows here). SafeMigrate's state schema and FluentMigrator's VersionInfo are left out. Whether a foreign
/// key is trusted is left out too: SafeMigrate adds keys WITH NOCHECK and leaves them untrusted by design
/// (docs/sqlserver.md), which its case checks on its own. Written for SQL Server 2016 and later (no STRING_AGG).
/// </summary>
internal static class SqlServerSchemaFingerprint
{
    public const string Sql = """
        SELECT N'column ' + c.TABLE_SCHEMA + N'.' + c.TABLE_NAME + N'.' + c.COLUMN_NAME + N' ' + c.DATA_TYPE
               + CASE WHEN c.CHARACTER_MAXIMUM_LENGTH IS NULL THEN N''
                      WHEN c.CHARACTER_MAXIMUM_LENGTH = -1 THEN N'(max)'
                      ELSE N'(' + CAST(c.CHARACTER_MAXIMUM_LENGTH AS nvarchar(10)) + N')' END
               + CASE WHEN c.DATA_TYPE IN (N'decimal', N'numeric')
                      THEN N'(' + CAST(c.NUMERIC_PRECISION AS nvarchar(10)) + N', ' + CAST(c.NUMERIC_SCALE AS nvarchar(10)) + N')'
                      ELSE N'' END
               + CASE WHEN c.DATA_TYPE IN (N'datetime2', N'datetimeoffset', N'time')
                      THEN N'(' + CAST(c.DATETIME_PRECISION AS nvarchar(10)) + N')'
                      ELSE N'' END
               + CASE WHEN c.IS_NULLABLE = N'YES' THEN N' null' ELSE N' not null' END
               + COALESCE(N' default ' + c.COLUMN_DEFAULT, N'')
               + COALESCE(N' collate ' + c.COLLATION_NAME, N'') AS line
        FROM INFORMATION_SCHEMA.COLUMNS AS c
        JOIN INFORMATION_SCHEMA.TABLES AS t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
        WHERE t.TABLE_TYPE = N'BASE TABLE' AND c.TABLE_SCHEMA <> N'safe_migrate' AND c.TABLE_NAME <> N'VersionInfo'
        UNION ALL
        SELECT N'identity ' + SCHEMA_NAME(o.schema_id) + N'.' + o.name + N'.' + ic.name
               + N' seed ' + CAST(ic.seed_value AS nvarchar(40)) + N' increment ' + CAST(ic.increment_value AS nvarchar(40))
        FROM sys.identity_columns AS ic
        JOIN sys.objects AS o ON o.object_id = ic.object_id
        WHERE o.type = 'U' AND o.is_ms_shipped = 0 AND SCHEMA_NAME(o.schema_id) <> N'safe_migrate' AND o.name <> N'VersionInfo'
        UNION ALL
        SELECT N'index ' + SCHEMA_NAME(o.schema_id) + N'.' + o.name + N'.' + i.name + N' ' + i.type_desc
               + CASE WHEN i.is_primary_key = 1 THEN N' primary key'
                      WHEN i.is_unique_constraint = 1 THEN N' unique constraint'
                      WHEN i.is_unique = 1 THEN N' unique'
                      ELSE N'' END
               + N' (' + COALESCE(STUFF((
                     SELECT N', ' + col.name + CASE WHEN ic.is_descending_key = 1 THEN N' desc' ELSE N'' END
                     FROM sys.index_columns AS ic
                     JOIN sys.columns AS col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
                     WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 0 AND ic.key_ordinal > 0
                     ORDER BY ic.key_ordinal
                     FOR XML PATH(''), TYPE).value(N'.', N'nvarchar(max)'), 1, 2, N''), N'') + N')'
               + COALESCE(N' include (' + STUFF((
                     SELECT N', ' + col.name
                     FROM sys.index_columns AS ic
                     JOIN sys.columns AS col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
                     WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 1
                     ORDER BY col.name
                     FOR XML PATH(''), TYPE).value(N'.', N'nvarchar(max)'), 1, 2, N'') + N')', N'')
               + COALESCE(N' where ' + i.filter_definition, N'')
               + CASE WHEN i.is_disabled = 1 THEN N' disabled' ELSE N'' END
        FROM sys.indexes AS i
        JOIN sys.objects AS o ON o.object_id = i.object_id
        WHERE o.type = 'U' AND o.is_ms_shipped = 0 AND i.type > 0 AND i.is_hypothetical = 0
          AND SCHEMA_NAME(o.schema_id) <> N'safe_migrate' AND o.name <> N'VersionInfo'
        UNION ALL
        SELECT N'foreign key ' + OBJECT_SCHEMA_NAME(fk.parent_object_id) + N'.' + OBJECT_NAME(fk.parent_object_id) + N'.' + fk.name
               + N' (' + STUFF((
                     SELECT N', ' + COL_NAME(fkc.parent_object_id, fkc.parent_column_id)
                     FROM sys.foreign_key_columns AS fkc
                     WHERE fkc.constraint_object_id = fk.object_id
                     ORDER BY fkc.constraint_column_id
                     FOR XML PATH(''), TYPE).value(N'.', N'nvarchar(max)'), 1, 2, N'')
               + N') references ' + OBJECT_SCHEMA_NAME(fk.referenced_object_id) + N'.' + OBJECT_NAME(fk.referenced_object_id)
               + N' (' + STUFF((
                     SELECT N', ' + COL_NAME(fkc.referenced_object_id, fkc.referenced_column_id)
                     FROM sys.foreign_key_columns AS fkc
                     WHERE fkc.constraint_object_id = fk.object_id
                     ORDER BY fkc.constraint_column_id
                     FOR XML PATH(''), TYPE).value(N'.', N'nvarchar(max)'), 1, 2, N'') + N')'
               + N' on delete ' + fk.delete_referential_action_desc + N' on update ' + fk.update_referential_action_desc
               + CASE WHEN fk.is_disabled = 1 THEN N' disabled' ELSE N'' END
        FROM sys.foreign_keys AS fk
        WHERE OBJECT_SCHEMA_NAME(fk.parent_object_id) <> N'safe_migrate'
        UNION ALL
        SELECT N'check ' + OBJECT_SCHEMA_NAME(cc.parent_object_id) + N'.' + OBJECT_NAME(cc.parent_object_id) + N'.' + cc.name + N' ' + cc.definition
               + CASE WHEN cc.is_disabled = 1 THEN N' disabled' ELSE N'' END
        FROM sys.check_constraints AS cc
        WHERE OBJECT_SCHEMA_NAME(cc.parent_object_id) <> N'safe_migrate'
        UNION ALL
        SELECT N'default ' + OBJECT_SCHEMA_NAME(dc.parent_object_id) + N'.' + OBJECT_NAME(dc.parent_object_id) + N'.'
               + COL_NAME(dc.parent_object_id, dc.parent_column_id) + N' ' + dc.name + N' ' + dc.definition
        FROM sys.default_constraints AS dc
        WHERE OBJECT_SCHEMA_NAME(dc.parent_object_id) <> N'safe_migrate' AND OBJECT_NAME(dc.parent_object_id) <> N'VersionInfo'
        UNION ALL
        SELECT N'schema ' + s.name
        FROM sys.schemas AS s
        WHERE s.schema_id BETWEEN 5 AND 16383 AND s.name <> N'safe_migrate'
        UNION ALL
        SELECT N'object ' + o.type_desc + N' ' + SCHEMA_NAME(o.schema_id) + N'.' + o.name
        FROM sys.objects AS o
        WHERE o.is_ms_shipped = 0 AND o.type IN ('TR', 'V', 'SN', 'P', 'FN', 'IF', 'TF')
          AND SCHEMA_NAME(o.schema_id) <> N'safe_migrate';
        """;

    public static async Task<IReadOnlyList<string>> ReadAsync(string connectionString)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            // A NULL line is a fingerprint bug (a NULL concatenated in); keep it visible rather than dropping it.
            lines.Add(reader.IsDBNull(0) ? "NULL" : reader.GetString(0));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
