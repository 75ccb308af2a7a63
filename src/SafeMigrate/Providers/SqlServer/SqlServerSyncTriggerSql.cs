using static SafeMigrate.Providers.SqlServer.SqlServerColumnSql;
using static SafeMigrate.Providers.SqlServer.SqlServerIdentifiers;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// AFTER INSERT, UPDATE triggers that keep two columns equal while the old and the new app version both write.
/// SQL Server has no BEFORE row triggers: an AFTER trigger sees every row of the statement at once in
/// <c>inserted</c>/<c>deleted</c>, so it updates the table joined to them on the table's key (primary key, else a
/// unique index on NOT NULL columns), read from the catalog when the step runs. It cannot recurse: it returns at
/// once when it is already on the trigger stack (RECURSIVE_TRIGGERS on, or a nested trigger writing back), and when
/// the statement set neither of its columns (<c>UPDATE()</c>), which is the case of the UPDATE another SafeMigrate
/// trigger makes. <c>SET NOCOUNT ON</c> keeps the application's row counts unchanged.
/// </summary>
internal static class SqlServerSyncTriggerSql
{
    /// <summary>The key joins in a template, replaced by the real key columns when the step runs; valid T-SQL as they stand.</summary>
    public const string TableKeyJoin = "t.[_sm_key_] = i.[_sm_key_]";

    public const string DeletedKeyJoin = "d.[_sm_key_] = i.[_sm_key_]";

    public const string DeletedKeyMissing = "d.[_sm_key_] IS NULL";

    /// <summary>
    /// Two-way sync for a renamed column, one value per row written into both columns: on INSERT the new side when
    /// given, else the old (the new version wins); on UPDATE the side whose value changed.
    /// </summary>
    public static string TwoWayTemplate(string? schema, string table, string oldColumn, string newColumn, string triggerName)
    {
        var o = Quote(oldColumn);
        var n = Quote(newColumn);
        return Template(schema, table, triggerName, $"UPDATE({o}) OR UPDATE({n})", $"""
                UPDATE t
                SET t.{n} = v.value, t.{o} = v.value
                FROM {Table(schema, table)} AS t
                JOIN inserted AS i ON {TableKeyJoin}
                LEFT JOIN deleted AS d ON {DeletedKeyJoin}
                CROSS APPLY (SELECT CASE
                                 WHEN {DeletedKeyMissing} THEN COALESCE(i.{n}, i.{o})
                                 WHEN EXISTS (SELECT i.{n} EXCEPT SELECT d.{n}) THEN i.{n}
                                 ELSE i.{o}
                             END AS value) AS v
                WHERE EXISTS (SELECT t.{n}, t.{o} EXCEPT SELECT v.value, v.value);
            """);
    }

    /// <summary>One-way converting sync for a retyped column: the shadow of the new type takes the original's value (implicit conversion).</summary>
    public static string OneWayTemplate(string? schema, string table, string sourceColumn, string shadowColumn, string triggerName)
    {
        var s = Quote(sourceColumn);
        var h = Quote(shadowColumn);
        return Template(schema, table, triggerName, $"UPDATE({s})", $"""
                UPDATE t
                SET t.{h} = i.{s}
                FROM {Table(schema, table)} AS t
                JOIN inserted AS i ON {TableKeyJoin};
            """);
    }

    /// <summary>
    /// The step: reads the table's key, writes its joins into <paramref name="template"/> and creates (or replaces) the
    /// trigger. Fails with a clear message when the table has no usable key.
    /// </summary>
    public static string Create(string? schema, string table, string template) => $"""
        DECLARE @key_index int, @t_join nvarchar(max), @d_join nvarchar(max), @d_missing nvarchar(max);
        SELECT TOP (1) @key_index = k.index_id
        FROM sys.indexes AS k
        WHERE k.object_id = {ObjectId(schema, table)} AND k.is_unique = 1 AND k.has_filter = 0 AND k.is_hypothetical = 0
          AND NOT EXISTS (SELECT 1 FROM sys.index_columns AS ic
                          JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                          WHERE ic.object_id = k.object_id AND ic.index_id = k.index_id AND ic.is_included_column = 0 AND c.is_nullable = 1)
        ORDER BY k.is_primary_key DESC, k.index_id;
        SELECT @t_join = COALESCE(@t_join + N' AND ', N'') + N't.' + QUOTENAME(c.name) + N' = i.' + QUOTENAME(c.name),
               @d_join = COALESCE(@d_join + N' AND ', N'') + N'd.' + QUOTENAME(c.name) + N' = i.' + QUOTENAME(c.name),
               @d_missing = COALESCE(@d_missing, N'd.' + QUOTENAME(c.name) + N' IS NULL')
        FROM sys.index_columns AS ic
        JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        WHERE ic.object_id = {ObjectId(schema, table)} AND ic.index_id = @key_index AND ic.is_included_column = 0;
        IF @t_join IS NULL
            THROW 50001, N'{Escape(Table(schema, table))} has no primary key and no unique index on NOT NULL columns: the sync trigger cannot match its rows. Add a primary key first.', 1;
        DECLARE @trigger nvarchar(max) = {Literal(template)};
        SET @trigger = REPLACE(REPLACE(REPLACE(@trigger, N'{TableKeyJoin}', @t_join), N'{DeletedKeyJoin}', @d_join), N'{DeletedKeyMissing}', @d_missing);
        EXEC sys.sp_executesql @trigger;
        """;

    public static string Drop(string? schema, string triggerName) =>
        $"DROP TRIGGER IF EXISTS {Quote(SchemaOrDefault(schema))}.{Quote(triggerName)};";

    private static string Template(string? schema, string table, string triggerName, string columnsSet, string body) => $"""
        CREATE OR ALTER TRIGGER {Quote(SchemaOrDefault(schema))}.{Quote(triggerName)} ON {Table(schema, table)}
        AFTER INSERT, UPDATE
        AS
        BEGIN
            SET NOCOUNT ON;
            IF TRIGGER_NESTLEVEL(@@PROCID) > 1 RETURN;
            IF EXISTS (SELECT 1 FROM deleted) AND NOT ({columnsSet}) RETURN;
        {body}
        END;
        """;
}
