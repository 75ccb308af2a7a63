using static SafeMigrate.Providers.SqlServer.SqlServerColumnSql;
using static SafeMigrate.Providers.SqlServer.SqlServerIdentifiers;
using SafeMigrate.Dialects;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// Copies of what hangs on a column that is being replaced (renamed, or retyped through a shadow column): its
/// nonclustered indexes and unique constraints (as unique indexes) and its single-column foreign keys. Each copy gets a
/// SafeMigrate name and an extended property <see cref="CopyProperty"/> holding the source column and the original
/// name (separated by U+001F);
/// contract gives the original names back once the originals are gone with the old column.
/// </summary>
internal static class SqlServerColumnCopySql
{
    public const string CopyProperty = "safe_migrate_copy";

    /// <summary>
    /// The first thing on column <c>@column</c> of table <c>@table</c> (quoted, schema-qualified) that the copy steps
    /// cannot carry onto a new column, as a phrase for the refusal, or NULL: a primary key, clustered, filtered, XML,
    /// spatial or columnstore index (<see cref="CopyIndexes"/> copies nonclustered indexes only), or a CHECK constraint
    /// (not copied; the definition names the column in brackets, as SQL Server stores it). Contract would otherwise
    /// drop them with the old column.
    /// </summary>
    public const string UncopiableSql = """
        SELECT TOP (1) problem FROM (
            SELECT 1 AS kind, N'its index ' + QUOTENAME(i.name) + N' is '
                   + CASE WHEN i.is_primary_key = 1 THEN N'the primary key'
                          WHEN i.has_filter = 1 THEN N'filtered'
                          ELSE LOWER(i.type_desc) COLLATE DATABASE_DEFAULT END
                   + N', which SafeMigrate does not copy on SQL Server' AS problem
            FROM sys.indexes AS i
            JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
            JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
            WHERE i.object_id = OBJECT_ID(@table) AND c.name = @column AND i.index_id > 0
              AND (i.type <> 2 OR i.has_filter = 1 OR i.is_primary_key = 1)
            UNION ALL
            SELECT 2, N'its CHECK constraint ' + QUOTENAME(cc.name) + N' (' + cc.definition + N') is not copied on SQL Server'
            FROM sys.check_constraints AS cc
            WHERE cc.parent_object_id = OBJECT_ID(@table) AND CHARINDEX(QUOTENAME(@column), cc.definition) > 0
        ) AS problems
        ORDER BY kind;
        """;

    /// <summary>
    /// One CREATE INDEX per index on <paramref name="fromColumn"/> (clustered, primary-key, filtered, XML, spatial
    /// and columnstore indexes are skipped and reported with PRINT), online where the edition allows it. Idempotent.
    /// </summary>
    public static string CopyIndexes(string? schema, string table, string fromColumn, string toColumn, bool online)
    {
        var t = Table(schema, table);
        return $"""
            DECLARE @index_id int, @index_name sysname, @is_unique bit, @copy sysname, @keys nvarchar(max), @includes nvarchar(max), @create nvarchar(max), @note nvarchar(300);
            DECLARE copies CURSOR LOCAL FAST_FORWARD FOR
                SELECT i.index_id, i.name, i.is_unique
                FROM sys.indexes AS i
                WHERE i.object_id = {ObjectId(schema, table)} AND i.type = 2 AND i.is_primary_key = 0 AND i.has_filter = 0
                  AND LEFT(i.name, 4) <> N'{SafeMigrateNames.Prefix}'
                  AND EXISTS (SELECT 1 FROM sys.index_columns AS ic JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                              WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND c.name = {Literal(fromColumn)});
            OPEN copies;
            FETCH NEXT FROM copies INTO @index_id, @index_name, @is_unique;
            WHILE @@FETCH_STATUS = 0
            BEGIN
                SET @copy = N'{SafeMigrateNames.Prefix}ix_' + LOWER(LEFT(CONVERT(nvarchar(64), HASHBYTES('SHA2_256', @index_name + NCHAR(31) + {Literal(toColumn)}), 2), 12));
                -- FOR XML PATH keeps the key order (ordered variable concatenation is not guaranteed).
                SET @keys = STUFF((
                    SELECT N', ' + QUOTENAME(CASE WHEN c.name = {Literal(fromColumn)} THEN {Literal(toColumn)} ELSE c.name END)
                           + CASE WHEN ic.is_descending_key = 1 THEN N' DESC' ELSE N' ASC' END
                    FROM sys.index_columns AS ic
                    JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                    WHERE ic.object_id = {ObjectId(schema, table)} AND ic.index_id = @index_id AND ic.is_included_column = 0
                    ORDER BY ic.key_ordinal
                    FOR XML PATH(''), TYPE).value(N'.', N'nvarchar(max)'), 1, 2, N'');
                SET @includes = STUFF((
                    SELECT N', ' + QUOTENAME(CASE WHEN c.name = {Literal(fromColumn)} THEN {Literal(toColumn)} ELSE c.name END)
                    FROM sys.index_columns AS ic
                    JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                    WHERE ic.object_id = {ObjectId(schema, table)} AND ic.index_id = @index_id AND ic.is_included_column = 1
                    ORDER BY ic.index_column_id
                    FOR XML PATH(''), TYPE).value(N'.', N'nvarchar(max)'), 1, 2, N'');
                IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = {ObjectId(schema, table)} AND name = @copy)
                BEGIN
                    SET @create = N'CREATE ' + CASE WHEN @is_unique = 1 THEN N'UNIQUE ' ELSE N'' END + N'NONCLUSTERED INDEX ' + QUOTENAME(@copy)
                        + N' ON {Escape(t)} (' + @keys + N')' + COALESCE(N' INCLUDE (' + @includes + N')', N''){(online ? " + N' WITH (ONLINE = ON)'" : string.Empty)};
                    EXEC sys.sp_executesql @create;
                    SET @note = {Literal(fromColumn)} + NCHAR(31) + @index_name;
                    EXEC sys.sp_addextendedproperty @name = {Literal(CopyProperty)}, @value = @note,
                        @level0type = N'SCHEMA', @level0name = {Literal(SchemaOrDefault(schema))},
                        @level1type = N'TABLE', @level1name = {Literal(table)},
                        @level2type = N'INDEX', @level2name = @copy;
                END;
                FETCH NEXT FROM copies INTO @index_id, @index_name, @is_unique;
            END;
            CLOSE copies;
            DEALLOCATE copies;
            SELECT @index_name = NULL;
            SELECT @index_name = COALESCE(@index_name + N', ', N'') + i.name
            FROM sys.indexes AS i
            WHERE i.object_id = {ObjectId(schema, table)} AND (i.type <> 2 OR i.has_filter = 1) AND i.is_primary_key = 0 AND i.index_id > 0
              AND EXISTS (SELECT 1 FROM sys.index_columns AS ic JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                          WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND c.name = {Literal(fromColumn)});
            IF @index_name IS NOT NULL
                PRINT N'Not copied (clustered, filtered or special indexes): ' + @index_name + N'. Recreate them on {Escape(Quote(toColumn))} yourself.';
            """;
    }

    /// <summary>
    /// Copies single-column foreign keys of <paramref name="fromColumn"/> onto <paramref name="toColumn"/> <c>WITH NOCHECK</c>:
    /// new writes are checked at once, existing rows are not scanned (the key stays untrusted until validated).
    /// </summary>
    public static string CopyForeignKeys(string? schema, string table, string fromColumn, string toColumn)
    {
        var t = Table(schema, table);
        return $"""
            DECLARE @fk_name sysname, @copy sysname, @add nvarchar(max), @note nvarchar(300);
            DECLARE copies CURSOR LOCAL FAST_FORWARD FOR
                SELECT fk.name,
                       N'ALTER TABLE {Escape(t)} WITH NOCHECK ADD CONSTRAINT [_sm_copy_] FOREIGN KEY ({Escape(Quote(toColumn))}) REFERENCES '
                       + QUOTENAME(OBJECT_SCHEMA_NAME(fk.referenced_object_id)) + N'.' + QUOTENAME(OBJECT_NAME(fk.referenced_object_id))
                       + N' (' + QUOTENAME(rc.name) + N')'
                       + N' ON DELETE ' + REPLACE(fk.delete_referential_action_desc, N'_', N' ')
                       + N' ON UPDATE ' + REPLACE(fk.update_referential_action_desc, N'_', N' ')
                FROM sys.foreign_keys AS fk
                JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
                JOIN sys.columns AS c ON c.object_id = fkc.parent_object_id AND c.column_id = fkc.parent_column_id
                JOIN sys.columns AS rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
                WHERE fk.parent_object_id = {ObjectId(schema, table)} AND c.name = {Literal(fromColumn)}
                  AND LEFT(fk.name, 4) <> N'{SafeMigrateNames.Prefix}'
                  AND (SELECT COUNT(*) FROM sys.foreign_key_columns WHERE constraint_object_id = fk.object_id) = 1;
            OPEN copies;
            FETCH NEXT FROM copies INTO @fk_name, @add;
            WHILE @@FETCH_STATUS = 0
            BEGIN
                SET @copy = N'{SafeMigrateNames.Prefix}fk_' + LOWER(LEFT(CONVERT(nvarchar(64), HASHBYTES('SHA2_256', @fk_name + NCHAR(31) + {Literal(toColumn)}), 2), 12));
                IF OBJECT_ID(QUOTENAME({Literal(SchemaOrDefault(schema))}) + N'.' + QUOTENAME(@copy), N'F') IS NULL
                BEGIN
                    SET @add = REPLACE(@add, N'[_sm_copy_]', QUOTENAME(@copy));
                    EXEC sys.sp_executesql @add;
                    SET @note = {Literal(fromColumn)} + NCHAR(31) + @fk_name;
                    EXEC sys.sp_addextendedproperty @name = {Literal(CopyProperty)}, @value = @note,
                        @level0type = N'SCHEMA', @level0name = {Literal(SchemaOrDefault(schema))},
                        @level1type = N'TABLE', @level1name = {Literal(table)},
                        @level2type = N'CONSTRAINT', @level2name = @copy;
                END;
                FETCH NEXT FROM copies INTO @fk_name, @add;
            END;
            CLOSE copies;
            DEALLOCATE copies;
            """;
    }

    /// <summary>
    /// After the old column is gone (its indexes and keys with it): renames each copy made from
    /// <paramref name="fromColumn"/> to the original name it remembers and forgets the note.
    /// </summary>
    public static string RestoreOriginalNames(string? schema, string table, string fromColumn)
    {
        var s = SchemaOrDefault(schema);
        var prefix = $"{Literal(fromColumn)} + NCHAR(31)";
        var ofColumn = $"LEFT(CAST(ep.value AS nvarchar(300)), LEN({prefix})) = {prefix}";
        var original = $"CAST(SUBSTRING(CAST(ep.value AS nvarchar(300)), LEN({prefix}) + 1, 300) AS sysname)";
        return $"""
            DECLARE @copy sysname, @original sysname, @is_index bit, @rename nvarchar(776);
            DECLARE copies CURSOR LOCAL FAST_FORWARD FOR
                SELECT i.name, {original}, 1
                FROM sys.extended_properties AS ep
                JOIN sys.indexes AS i ON i.object_id = ep.major_id AND i.index_id = ep.minor_id
                WHERE ep.class = 7 AND ep.major_id = {ObjectId(schema, table)} AND ep.name = {Literal(CopyProperty)} AND {ofColumn}
                UNION ALL
                SELECT o.name, {original}, 0
                FROM sys.extended_properties AS ep
                JOIN sys.objects AS o ON o.object_id = ep.major_id
                WHERE ep.class = 1 AND ep.minor_id = 0 AND o.parent_object_id = {ObjectId(schema, table)} AND ep.name = {Literal(CopyProperty)} AND {ofColumn};
            OPEN copies;
            FETCH NEXT FROM copies INTO @copy, @original, @is_index;
            WHILE @@FETCH_STATUS = 0
            BEGIN
                IF @is_index = 1
                BEGIN
                    EXEC sys.sp_dropextendedproperty @name = {Literal(CopyProperty)},
                        @level0type = N'SCHEMA', @level0name = {Literal(s)}, @level1type = N'TABLE', @level1name = {Literal(table)},
                        @level2type = N'INDEX', @level2name = @copy;
                    SET @rename = {Literal(Table(schema, table))} + N'.' + QUOTENAME(@copy);
                    EXEC sys.sp_rename @objname = @rename, @newname = @original, @objtype = N'INDEX';
                END
                ELSE
                BEGIN
                    EXEC sys.sp_dropextendedproperty @name = {Literal(CopyProperty)},
                        @level0type = N'SCHEMA', @level0name = {Literal(s)}, @level1type = N'TABLE', @level1name = {Literal(table)},
                        @level2type = N'CONSTRAINT', @level2name = @copy;
                    SET @rename = QUOTENAME({Literal(s)}) + N'.' + QUOTENAME(@copy);
                    EXEC sys.sp_rename @objname = @rename, @newname = @original, @objtype = N'OBJECT';
                END;
                FETCH NEXT FROM copies INTO @copy, @original, @is_index;
            END;
            CLOSE copies;
            DEALLOCATE copies;
            """;
    }

    /// <summary>
    /// Contract of a renamed column, in one short transaction: the new column takes the old one's default (same
    /// name), the sync trigger goes, then the old column with its indexes, keys and statistics.
    /// </summary>
    public static string ReplaceOldColumn(string? schema, string table, string oldColumn, string newColumn, string triggerName) => $"""
        IF COL_LENGTH({Literal(Table(schema, table))}, {Literal(oldColumn)}) IS NOT NULL
        BEGIN
            {SqlServerSyncTriggerSql.Drop(schema, triggerName)}
        {Indent(MoveDefault(schema, table, oldColumn, newColumn))}
        END;
        {DropColumn(schema, table, oldColumn)}
        """;

    /// <summary>Contract of a retyped column: the trigger goes, the shadow takes the original's default, the original goes, the shadow takes its name.</summary>
    public static string SwapShadowColumn(string? schema, string table, string column, string shadowColumn, string triggerName) => $"""
        IF COL_LENGTH({Literal(Table(schema, table))}, {Literal(shadowColumn)}) IS NOT NULL
        BEGIN
            {SqlServerSyncTriggerSql.Drop(schema, triggerName)}
        {Indent(MoveDefault(schema, table, column, shadowColumn))}
        {Indent(DropColumn(schema, table, column))}
            EXEC sys.sp_rename @objname = {Literal(Table(schema, table) + "." + Quote(shadowColumn))}, @newname = {Literal(column)}, @objtype = N'COLUMN';
        END;
        """;
}
