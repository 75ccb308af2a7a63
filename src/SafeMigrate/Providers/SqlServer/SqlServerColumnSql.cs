using static SafeMigrate.Providers.SqlServer.SqlServerIdentifiers;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// T-SQL for column changes whose exact type is only known when the step runs (a renamed column's, read from
/// <c>sys.columns</c>). <c>ALTER COLUMN</c> needs the full type, collation included, or it would change it.
/// </summary>
internal static class SqlServerColumnSql
{
    /// <summary>Extended property left on a column whose NOT NULL was lifted for the overlap, so contract can give it back.</summary>
    public const string WasNotNullProperty = "safe_migrate_was_not_null";

    /// <summary>
    /// Declares <c>@{prefix}_type</c> (the column's full type and collation, as ALTER COLUMN needs it),
    /// <c>@{prefix}_not_null</c> and <c>@{prefix}_has_default</c>; all stay NULL when the column does not exist.
    /// </summary>
    public static string ReadColumn(string? schema, string table, string column, string prefix) => $"""
        DECLARE @{prefix}_type nvarchar(400), @{prefix}_not_null bit, @{prefix}_has_default bit;
        SELECT @{prefix}_type = CASE
                   WHEN ty.is_user_defined = 1 THEN QUOTENAME(SCHEMA_NAME(ty.schema_id)) + N'.' + QUOTENAME(ty.name)
                   WHEN ty.name IN (N'varchar', N'char', N'varbinary', N'binary')
                       THEN ty.name + N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CAST(c.max_length AS nvarchar(10)) END + N')'
                   WHEN ty.name IN (N'nvarchar', N'nchar')
                       THEN ty.name + N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CAST(c.max_length / 2 AS nvarchar(10)) END + N')'
                   WHEN ty.name IN (N'decimal', N'numeric')
                       THEN ty.name + N'(' + CAST(c.precision AS nvarchar(10)) + N', ' + CAST(c.scale AS nvarchar(10)) + N')'
                   WHEN ty.name IN (N'datetime2', N'datetimeoffset', N'time')
                       THEN ty.name + N'(' + CAST(c.scale AS nvarchar(10)) + N')'
                   ELSE ty.name
               END + CASE WHEN c.collation_name IS NULL THEN N'' ELSE N' COLLATE ' + c.collation_name END,
               @{prefix}_not_null = CASE WHEN c.is_nullable = 0 THEN 1 ELSE 0 END,
               @{prefix}_has_default = CASE WHEN c.default_object_id <> 0 THEN 1 ELSE 0 END
        FROM sys.columns AS c
        JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id
        WHERE c.object_id = {ObjectId(schema, table)} AND c.name = {Literal(column)};
        """;

    /// <summary>Adds <paramref name="newColumn"/>, nullable, with the type <paramref name="sourceColumn"/> has now; nothing when it exists.</summary>
    public static string AddColumnOfSameType(string? schema, string table, string sourceColumn, string newColumn) => $"""
        IF COL_LENGTH({Literal(Table(schema, table))}, {Literal(newColumn)}) IS NULL
        BEGIN
        {Indent(ReadColumn(schema, table, sourceColumn, "source"))}
            DECLARE @add nvarchar(max) = N'ALTER TABLE {Escape(Table(schema, table))} ADD {Escape(Quote(newColumn))} ' + @source_type + N' NULL';
            EXEC sys.sp_executesql @add;
        END;
        """;

    /// <summary>
    /// NOT NULL without a default becomes NULL (metadata only, a moment of Sch-M), so inserts that omit the column
    /// succeed; an extended property remembers it for <see cref="SetNotNull"/>.
    /// </summary>
    public static string DropNotNullIfNoDefault(string? schema, string table, string column) => $"""
        {ReadColumn(schema, table, column, "col")}
        IF @col_not_null = 1 AND @col_has_default = 0
        BEGIN
            DECLARE @alter nvarchar(max) = N'ALTER TABLE {Escape(Table(schema, table))} ALTER COLUMN {Escape(Quote(column))} ' + @col_type + N' NULL';
            EXEC sys.sp_executesql @alter;
            IF NOT EXISTS (SELECT 1 FROM sys.extended_properties AS ep
                           JOIN sys.columns AS c ON c.object_id = ep.major_id AND c.column_id = ep.minor_id
                           WHERE ep.class = 1 AND ep.major_id = {ObjectId(schema, table)} AND c.name = {Literal(column)} AND ep.name = {Literal(WasNotNullProperty)})
                EXEC sys.sp_addextendedproperty @name = {Literal(WasNotNullProperty)}, @value = N'1',
                    @level0type = N'SCHEMA', @level0name = {Literal(SchemaOrDefault(schema))},
                    @level1type = N'TABLE', @level1name = {Literal(table)},
                    @level2type = N'COLUMN', @level2name = {Literal(column)};
        END;
        """;

    /// <summary>
    /// <c>ALTER COLUMN</c> to <paramref name="newType"/> keeping the column's nullability and collation (run again on
    /// a resumed run, it changes nothing).
    /// </summary>
    public static string WidenInPlace(string? schema, string table, string column, string newType) => $"""
        DECLARE @nullability nvarchar(10), @collation nvarchar(200);
        SELECT @nullability = CASE WHEN c.is_nullable = 0 THEN N' NOT NULL' ELSE N' NULL' END,
               @collation = CASE WHEN c.collation_name IS NULL THEN N'' ELSE N' COLLATE ' + c.collation_name END
        FROM sys.columns AS c
        WHERE c.object_id = {ObjectId(schema, table)} AND c.name = {Literal(column)};
        DECLARE @alter nvarchar(max) = N'ALTER TABLE {Escape(Table(schema, table))} ALTER COLUMN {Escape(Quote(column))} {Escape(newType)}' + @collation + @nullability;
        EXEC sys.sp_executesql @alter;
        """;

    /// <summary>
    /// Rollback of <see cref="DropNotNullIfNoDefault"/>: NOT NULL again, with the column's current type, only where
    /// that step lifted it (the <see cref="WasNotNullProperty"/> mark), online where the edition allows it. If rows
    /// written since hold NULL, it stops with their count (THROW 50002) before changing anything; a NULL written between
    /// the count and the ALTER makes the ALTER fail the same way, changing nothing.
    /// </summary>
    public static string RestoreNotNull(string? schema, string table, string column, bool online) => $"""
        {ReadColumn(schema, table, column, "col")}
        IF @col_not_null = 0 AND EXISTS (SELECT 1 FROM sys.extended_properties AS ep
                                         JOIN sys.columns AS c ON c.object_id = ep.major_id AND c.column_id = ep.minor_id
                                         WHERE ep.class = 1 AND ep.major_id = {ObjectId(schema, table)} AND c.name = {Literal(column)} AND ep.name = {Literal(WasNotNullProperty)})
        BEGIN
            DECLARE @nulls bigint = (SELECT COUNT_BIG(*) FROM {Table(schema, table)} WHERE {Quote(column)} IS NULL);
            IF @nulls > 0
            BEGIN
                DECLARE @stop nvarchar(2048) = N'SafeMigrate cannot make {Escape(Table(schema, table))}.{Escape(Quote(column))} NOT NULL again: ' + CAST(@nulls AS nvarchar(20))
                    + N' row(s) written since the expand have NULL in it (the new version leaves it out). Nothing was changed. Fill those rows (UPDATE {Escape(Table(schema, table))} SET {Escape(Quote(column))} = ... WHERE {Escape(Quote(column))} IS NULL) or delete them, then run rollback again';
                THROW 50002, @stop, 1;
            END;
            DECLARE @alter nvarchar(max) = N'ALTER TABLE {Escape(Table(schema, table))} ALTER COLUMN {Escape(Quote(column))} ' + @col_type + N' NOT NULL{(online ? " WITH (ONLINE = ON)" : string.Empty)}';
            EXEC sys.sp_executesql @alter;
            EXEC sys.sp_dropextendedproperty @name = {Literal(WasNotNullProperty)},
                @level0type = N'SCHEMA', @level0name = {Literal(SchemaOrDefault(schema))},
                @level1type = N'TABLE', @level1name = {Literal(table)},
                @level2type = N'COLUMN', @level2name = {Literal(column)};
        END;
        """;

    /// <summary>
    /// <c>ALTER COLUMN … NOT NULL</c> with the column's current type, online where the edition allows it.
    /// </summary>
    /// <param name="onlyIfNotNull">Only when this other column is NOT NULL, or was before expand lifted it.</param>
    public static string SetNotNull(string? schema, string table, string column, bool online, string? onlyIfNotNull)
    {
        var condition = onlyIfNotNull is null
            ? string.Empty
            : $"""

                AND (EXISTS (SELECT 1 FROM sys.columns WHERE object_id = {ObjectId(schema, table)} AND name = {Literal(onlyIfNotNull)} AND is_nullable = 0)
                     OR EXISTS (SELECT 1 FROM sys.extended_properties AS ep
                                JOIN sys.columns AS c ON c.object_id = ep.major_id AND c.column_id = ep.minor_id
                                WHERE ep.class = 1 AND ep.major_id = {ObjectId(schema, table)} AND c.name = {Literal(onlyIfNotNull)} AND ep.name = {Literal(WasNotNullProperty)}))
            """;
        return $"""
            {ReadColumn(schema, table, column, "col")}
            IF @col_not_null = 0{condition}
            BEGIN
                DECLARE @alter nvarchar(max) = N'ALTER TABLE {Escape(Table(schema, table))} ALTER COLUMN {Escape(Quote(column))} ' + @col_type + N' NOT NULL{(online ? " WITH (ONLINE = ON)" : string.Empty)}';
                EXEC sys.sp_executesql @alter;
            END;
            """;
    }

    /// <summary>
    /// Drops a column the way SQL Server allows it: first its default and check constraints, the foreign keys, unique
    /// constraints and indexes that use it, and the statistics created on it by hand (auto-created ones go with it);
    /// a primary key on it is left in place, so the drop fails with SQL Server's own message. Nothing when it is gone.
    /// </summary>
    public static string DropColumn(string? schema, string table, string column)
    {
        var t = Table(schema, table);
        var on = $"WHERE c.object_id = {ObjectId(schema, table)} AND c.name = {Literal(column)}";
        return $"""
            IF COL_LENGTH({Literal(t)}, {Literal(column)}) IS NOT NULL
            BEGIN
                DECLARE @drop nvarchar(max) = N'';
                SELECT @drop = @drop + N'ALTER TABLE {Escape(t)} DROP CONSTRAINT ' + QUOTENAME(dc.name) + N'; '
                FROM sys.default_constraints AS dc
                JOIN sys.columns AS c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id
                {on};
                SELECT @drop = @drop + N'ALTER TABLE {Escape(t)} DROP CONSTRAINT ' + QUOTENAME(cc.name) + N'; '
                FROM sys.check_constraints AS cc
                JOIN sys.columns AS c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
                {on};
                SELECT @drop = @drop + N'ALTER TABLE {Escape(t)} DROP CONSTRAINT ' + QUOTENAME(fk.name) + N'; '
                FROM sys.foreign_keys AS fk
                WHERE fk.parent_object_id = {ObjectId(schema, table)}
                  AND EXISTS (SELECT 1 FROM sys.foreign_key_columns AS fkc
                              JOIN sys.columns AS c ON c.object_id = fkc.parent_object_id AND c.column_id = fkc.parent_column_id
                              {on} AND fkc.constraint_object_id = fk.object_id);
                SELECT @drop = @drop + CASE WHEN i.is_unique_constraint = 1
                                            THEN N'ALTER TABLE {Escape(t)} DROP CONSTRAINT ' + QUOTENAME(i.name)
                                            ELSE N'DROP INDEX ' + QUOTENAME(i.name) + N' ON {Escape(t)}' END + N'; '
                FROM sys.indexes AS i
                WHERE i.object_id = {ObjectId(schema, table)} AND i.index_id > 0 AND i.is_primary_key = 0
                  AND EXISTS (SELECT 1 FROM sys.index_columns AS ic
                              JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                              {on} AND ic.index_id = i.index_id);
                SELECT @drop = @drop + N'DROP STATISTICS {Escape(t)}.' + QUOTENAME(s.name) + N'; '
                FROM sys.stats AS s
                WHERE s.object_id = {ObjectId(schema, table)} AND s.user_created = 1
                  AND EXISTS (SELECT 1 FROM sys.stats_columns AS sc
                              JOIN sys.columns AS c ON c.object_id = sc.object_id AND c.column_id = sc.column_id
                              {on} AND sc.stats_id = s.stats_id);
                SET @drop = @drop + N'ALTER TABLE {Escape(t)} DROP COLUMN {Escape(Quote(column))};';
                EXEC sys.sp_executesql @drop;
            END;
            """;
    }

    /// <summary>Moves the default constraint of <paramref name="fromColumn"/>, under its own name, onto <paramref name="toColumn"/>.</summary>
    public static string MoveDefault(string? schema, string table, string fromColumn, string toColumn) => $"""
        DECLARE @default_name sysname, @default_definition nvarchar(max);
        SELECT @default_name = dc.name, @default_definition = dc.definition
        FROM sys.default_constraints AS dc
        JOIN sys.columns AS c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id
        WHERE c.object_id = {ObjectId(schema, table)} AND c.name = {Literal(fromColumn)};
        IF @default_name IS NOT NULL
        BEGIN
            DECLARE @move nvarchar(max) = N'ALTER TABLE {Escape(Table(schema, table))} DROP CONSTRAINT ' + QUOTENAME(@default_name) + N'; '
                + N'ALTER TABLE {Escape(Table(schema, table))} ADD CONSTRAINT ' + QUOTENAME(@default_name) + N' DEFAULT ' + @default_definition + N' FOR {Escape(Quote(toColumn))};';
            EXEC sys.sp_executesql @move;
        END;
        """;

    /// <summary>Doubles quotes so that SQL text can sit inside an <c>N'…'</c> literal of dynamic SQL.</summary>
    public static string Escape(string sql) => sql.Replace("'", "''", StringComparison.Ordinal);

    internal static string Indent(string text) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : "    " + line));
}
