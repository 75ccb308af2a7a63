-- ===== SQL Server 2016 Standard =====

-- expand: add shadow column [_sm_new_5c3b755b013c] of type NVARCHAR(200) (offline: the old type is unknown; at expand the live catalog decides between in place, this recipe and a refusal)
ALTER TABLE [dbo].[users] ADD [_sm_new_5c3b755b013c] NVARCHAR(200);

-- expand: converting sync trigger (AFTER INSERT, UPDATE) [name] → [_sm_new_5c3b755b013c]
DECLARE @key_index int, @t_join nvarchar(max), @d_join nvarchar(max), @d_missing nvarchar(max);
SELECT TOP (1) @key_index = k.index_id
FROM sys.indexes AS k
WHERE k.object_id = OBJECT_ID(N'[dbo].[users]') AND k.is_unique = 1 AND k.has_filter = 0 AND k.is_hypothetical = 0
  AND NOT EXISTS (SELECT 1 FROM sys.index_columns AS ic
                  JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                  WHERE ic.object_id = k.object_id AND ic.index_id = k.index_id AND ic.is_included_column = 0 AND c.is_nullable = 1)
ORDER BY k.is_primary_key DESC, k.index_id;
SELECT @t_join = COALESCE(@t_join + N' AND ', N'') + N't.' + QUOTENAME(c.name) + N' = i.' + QUOTENAME(c.name),
       @d_join = COALESCE(@d_join + N' AND ', N'') + N'd.' + QUOTENAME(c.name) + N' = i.' + QUOTENAME(c.name),
       @d_missing = COALESCE(@d_missing, N'd.' + QUOTENAME(c.name) + N' IS NULL')
FROM sys.index_columns AS ic
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE ic.object_id = OBJECT_ID(N'[dbo].[users]') AND ic.index_id = @key_index AND ic.is_included_column = 0;
IF @t_join IS NULL
    THROW 50001, N'[dbo].[users] has no primary key and no unique index on NOT NULL columns: the sync trigger cannot match its rows. Add a primary key first.', 1;
DECLARE @trigger nvarchar(max) = N'CREATE OR ALTER TRIGGER [dbo].[_sm_sync_1ee4abe0173e] ON [dbo].[users]
AFTER INSERT, UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF TRIGGER_NESTLEVEL(@@PROCID) > 1 RETURN;
    IF EXISTS (SELECT 1 FROM deleted) AND NOT (UPDATE([name])) RETURN;
    UPDATE t
    SET t.[_sm_new_5c3b755b013c] = i.[name]
    FROM [dbo].[users] AS t
    JOIN inserted AS i ON t.[_sm_key_] = i.[_sm_key_];
END;';
SET @trigger = REPLACE(REPLACE(REPLACE(@trigger, N't.[_sm_key_] = i.[_sm_key_]', @t_join), N'd.[_sm_key_] = i.[_sm_key_]', @d_join), N'd.[_sm_key_] IS NULL', @d_missing);
EXEC sys.sp_executesql @trigger;

-- expand: convert [name] into [_sm_new_5c3b755b013c] for existing rows, in batches
-- (batched backfill of users: SET [_sm_new_5c3b755b013c] = [name] WHERE [_sm_new_5c3b755b013c] IS NULL AND [name] IS NOT NULL)

-- expand: copy the indexes of [name] onto the shadow column (offline: SQL Server 2016 Standard has no online index build, writes wait for each build) [blocks writes]
DECLARE @index_id int, @index_name sysname, @is_unique bit, @copy sysname, @keys nvarchar(max), @includes nvarchar(max), @create nvarchar(max), @note nvarchar(300);
DECLARE copies CURSOR LOCAL FAST_FORWARD FOR
    SELECT i.index_id, i.name, i.is_unique
    FROM sys.indexes AS i
    WHERE i.object_id = OBJECT_ID(N'[dbo].[users]') AND i.type = 2 AND i.is_primary_key = 0 AND i.has_filter = 0
      AND LEFT(i.name, 4) <> N'_sm_'
      AND EXISTS (SELECT 1 FROM sys.index_columns AS ic JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                  WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND c.name = N'name');
OPEN copies;
FETCH NEXT FROM copies INTO @index_id, @index_name, @is_unique;
WHILE @@FETCH_STATUS = 0
BEGIN
    SET @copy = N'_sm_ix_' + LOWER(LEFT(CONVERT(nvarchar(64), HASHBYTES('SHA2_256', @index_name + NCHAR(31) + N'_sm_new_5c3b755b013c'), 2), 12));
    -- FOR XML PATH keeps the key order (ordered variable concatenation is not guaranteed).
    SET @keys = STUFF((
        SELECT N', ' + QUOTENAME(CASE WHEN c.name = N'name' THEN N'_sm_new_5c3b755b013c' ELSE c.name END)
               + CASE WHEN ic.is_descending_key = 1 THEN N' DESC' ELSE N' ASC' END
        FROM sys.index_columns AS ic
        JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        WHERE ic.object_id = OBJECT_ID(N'[dbo].[users]') AND ic.index_id = @index_id AND ic.is_included_column = 0
        ORDER BY ic.key_ordinal
        FOR XML PATH(''), TYPE).value(N'.', N'nvarchar(max)'), 1, 2, N'');
    SET @includes = STUFF((
        SELECT N', ' + QUOTENAME(CASE WHEN c.name = N'name' THEN N'_sm_new_5c3b755b013c' ELSE c.name END)
        FROM sys.index_columns AS ic
        JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        WHERE ic.object_id = OBJECT_ID(N'[dbo].[users]') AND ic.index_id = @index_id AND ic.is_included_column = 1
        ORDER BY ic.index_column_id
        FOR XML PATH(''), TYPE).value(N'.', N'nvarchar(max)'), 1, 2, N'');
    IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'[dbo].[users]') AND name = @copy)
    BEGIN
        SET @create = N'CREATE ' + CASE WHEN @is_unique = 1 THEN N'UNIQUE ' ELSE N'' END + N'NONCLUSTERED INDEX ' + QUOTENAME(@copy)
            + N' ON [dbo].[users] (' + @keys + N')' + COALESCE(N' INCLUDE (' + @includes + N')', N'');
        EXEC sys.sp_executesql @create;
        SET @note = N'name' + NCHAR(31) + @index_name;
        EXEC sys.sp_addextendedproperty @name = N'safe_migrate_copy', @value = @note,
            @level0type = N'SCHEMA', @level0name = N'dbo',
            @level1type = N'TABLE', @level1name = N'users',
            @level2type = N'INDEX', @level2name = @copy;
    END;
    FETCH NEXT FROM copies INTO @index_id, @index_name, @is_unique;
END;
CLOSE copies;
DEALLOCATE copies;
SELECT @index_name = NULL;
SELECT @index_name = COALESCE(@index_name + N', ', N'') + i.name
FROM sys.indexes AS i
WHERE i.object_id = OBJECT_ID(N'[dbo].[users]') AND (i.type <> 2 OR i.has_filter = 1) AND i.is_primary_key = 0 AND i.index_id > 0
  AND EXISTS (SELECT 1 FROM sys.index_columns AS ic JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
              WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND c.name = N'name');
IF @index_name IS NOT NULL
    PRINT N'Not copied (clustered, filtered or special indexes): ' + @index_name + N'. Recreate them on [_sm_new_5c3b755b013c] yourself.';

-- expand: copy the foreign keys of [name] onto [_sm_new_5c3b755b013c] (WITH NOCHECK: new writes checked, no scan)
DECLARE @fk_name sysname, @copy sysname, @add nvarchar(max), @note nvarchar(300);
DECLARE copies CURSOR LOCAL FAST_FORWARD FOR
    SELECT fk.name,
           N'ALTER TABLE [dbo].[users] WITH NOCHECK ADD CONSTRAINT [_sm_copy_] FOREIGN KEY ([_sm_new_5c3b755b013c]) REFERENCES '
           + QUOTENAME(OBJECT_SCHEMA_NAME(fk.referenced_object_id)) + N'.' + QUOTENAME(OBJECT_NAME(fk.referenced_object_id))
           + N' (' + QUOTENAME(rc.name) + N')'
           + N' ON DELETE ' + REPLACE(fk.delete_referential_action_desc, N'_', N' ')
           + N' ON UPDATE ' + REPLACE(fk.update_referential_action_desc, N'_', N' ')
    FROM sys.foreign_keys AS fk
    JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
    JOIN sys.columns AS c ON c.object_id = fkc.parent_object_id AND c.column_id = fkc.parent_column_id
    JOIN sys.columns AS rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
    WHERE fk.parent_object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'name'
      AND LEFT(fk.name, 4) <> N'_sm_'
      AND (SELECT COUNT(*) FROM sys.foreign_key_columns WHERE constraint_object_id = fk.object_id) = 1;
OPEN copies;
FETCH NEXT FROM copies INTO @fk_name, @add;
WHILE @@FETCH_STATUS = 0
BEGIN
    SET @copy = N'_sm_fk_' + LOWER(LEFT(CONVERT(nvarchar(64), HASHBYTES('SHA2_256', @fk_name + NCHAR(31) + N'_sm_new_5c3b755b013c'), 2), 12));
    IF OBJECT_ID(QUOTENAME(N'dbo') + N'.' + QUOTENAME(@copy), N'F') IS NULL
    BEGIN
        SET @add = REPLACE(@add, N'[_sm_copy_]', QUOTENAME(@copy));
        EXEC sys.sp_executesql @add;
        SET @note = N'name' + NCHAR(31) + @fk_name;
        EXEC sys.sp_addextendedproperty @name = N'safe_migrate_copy', @value = @note,
            @level0type = N'SCHEMA', @level0name = N'dbo',
            @level1type = N'TABLE', @level1name = N'users',
            @level2type = N'CONSTRAINT', @level2name = @copy;
    END;
    FETCH NEXT FROM copies INTO @fk_name, @add;
END;
CLOSE copies;
DEALLOCATE copies;

-- contract: swap [name] and its shadow: drop the trigger, move the default, drop [name] (with its indexes and statistics), sp_rename the shadow
IF COL_LENGTH(N'[dbo].[users]', N'_sm_new_5c3b755b013c') IS NOT NULL
BEGIN
    DROP TRIGGER IF EXISTS [dbo].[_sm_sync_1ee4abe0173e];
    DECLARE @default_name sysname, @default_definition nvarchar(max);
    SELECT @default_name = dc.name, @default_definition = dc.definition
    FROM sys.default_constraints AS dc
    JOIN sys.columns AS c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id
    WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'name';
    IF @default_name IS NOT NULL
    BEGIN
        DECLARE @move nvarchar(max) = N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(@default_name) + N'; '
            + N'ALTER TABLE [dbo].[users] ADD CONSTRAINT ' + QUOTENAME(@default_name) + N' DEFAULT ' + @default_definition + N' FOR [_sm_new_5c3b755b013c];';
        EXEC sys.sp_executesql @move;
    END;
    IF COL_LENGTH(N'[dbo].[users]', N'name') IS NOT NULL
    BEGIN
        DECLARE @drop nvarchar(max) = N'';
        SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(dc.name) + N'; '
        FROM sys.default_constraints AS dc
        JOIN sys.columns AS c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id
        WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'name';
        SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(cc.name) + N'; '
        FROM sys.check_constraints AS cc
        JOIN sys.columns AS c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
        WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'name';
        SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(fk.name) + N'; '
        FROM sys.foreign_keys AS fk
        WHERE fk.parent_object_id = OBJECT_ID(N'[dbo].[users]')
          AND EXISTS (SELECT 1 FROM sys.foreign_key_columns AS fkc
                      JOIN sys.columns AS c ON c.object_id = fkc.parent_object_id AND c.column_id = fkc.parent_column_id
                      WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'name' AND fkc.constraint_object_id = fk.object_id);
        SELECT @drop = @drop + CASE WHEN i.is_unique_constraint = 1
                                    THEN N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(i.name)
                                    ELSE N'DROP INDEX ' + QUOTENAME(i.name) + N' ON [dbo].[users]' END + N'; '
        FROM sys.indexes AS i
        WHERE i.object_id = OBJECT_ID(N'[dbo].[users]') AND i.index_id > 0 AND i.is_primary_key = 0
          AND EXISTS (SELECT 1 FROM sys.index_columns AS ic
                      JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                      WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'name' AND ic.index_id = i.index_id);
        SELECT @drop = @drop + N'DROP STATISTICS [dbo].[users].' + QUOTENAME(s.name) + N'; '
        FROM sys.stats AS s
        WHERE s.object_id = OBJECT_ID(N'[dbo].[users]') AND s.user_created = 1
          AND EXISTS (SELECT 1 FROM sys.stats_columns AS sc
                      JOIN sys.columns AS c ON c.object_id = sc.object_id AND c.column_id = sc.column_id
                      WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'name' AND sc.stats_id = s.stats_id);
        SET @drop = @drop + N'ALTER TABLE [dbo].[users] DROP COLUMN [name];';
        EXEC sys.sp_executesql @drop;
    END;
    EXEC sys.sp_rename @objname = N'[dbo].[users].[_sm_new_5c3b755b013c]', @newname = N'name', @objtype = N'COLUMN';
END;

-- contract: ALTER TABLE [dbo].[users] ALTER COLUMN [name] NVARCHAR(200) NOT NULL (SQL Server 2016 Standard has no online ALTER COLUMN: the NOT NULL scan holds Sch-M, reads and writes wait) [blocks writes]
ALTER TABLE [dbo].[users] ALTER COLUMN [name] NVARCHAR(200) NOT NULL;

-- contract: give the copied indexes and constraints of [name] their original names (sp_rename)
DECLARE @copy sysname, @original sysname, @is_index bit, @rename nvarchar(776);
DECLARE copies CURSOR LOCAL FAST_FORWARD FOR
    SELECT i.name, CAST(SUBSTRING(CAST(ep.value AS nvarchar(300)), LEN(N'name' + NCHAR(31)) + 1, 300) AS sysname), 1
    FROM sys.extended_properties AS ep
    JOIN sys.indexes AS i ON i.object_id = ep.major_id AND i.index_id = ep.minor_id
    WHERE ep.class = 7 AND ep.major_id = OBJECT_ID(N'[dbo].[users]') AND ep.name = N'safe_migrate_copy' AND LEFT(CAST(ep.value AS nvarchar(300)), LEN(N'name' + NCHAR(31))) = N'name' + NCHAR(31)
    UNION ALL
    SELECT o.name, CAST(SUBSTRING(CAST(ep.value AS nvarchar(300)), LEN(N'name' + NCHAR(31)) + 1, 300) AS sysname), 0
    FROM sys.extended_properties AS ep
    JOIN sys.objects AS o ON o.object_id = ep.major_id
    WHERE ep.class = 1 AND ep.minor_id = 0 AND o.parent_object_id = OBJECT_ID(N'[dbo].[users]') AND ep.name = N'safe_migrate_copy' AND LEFT(CAST(ep.value AS nvarchar(300)), LEN(N'name' + NCHAR(31))) = N'name' + NCHAR(31);
OPEN copies;
FETCH NEXT FROM copies INTO @copy, @original, @is_index;
WHILE @@FETCH_STATUS = 0
BEGIN
    IF @is_index = 1
    BEGIN
        EXEC sys.sp_dropextendedproperty @name = N'safe_migrate_copy',
            @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'users',
            @level2type = N'INDEX', @level2name = @copy;
        SET @rename = N'[dbo].[users]' + N'.' + QUOTENAME(@copy);
        EXEC sys.sp_rename @objname = @rename, @newname = @original, @objtype = N'INDEX';
    END
    ELSE
    BEGIN
        EXEC sys.sp_dropextendedproperty @name = N'safe_migrate_copy',
            @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'users',
            @level2type = N'CONSTRAINT', @level2name = @copy;
        SET @rename = QUOTENAME(N'dbo') + N'.' + QUOTENAME(@copy);
        EXEC sys.sp_rename @objname = @rename, @newname = @original, @objtype = N'OBJECT';
    END;
    FETCH NEXT FROM copies INTO @copy, @original, @is_index;
END;
CLOSE copies;
DEALLOCATE copies;

-- rollback: drop the converting trigger
DROP TRIGGER IF EXISTS [dbo].[_sm_sync_1ee4abe0173e];

-- rollback: drop the shadow column (its default, indexes, keys and statistics first)
IF COL_LENGTH(N'[dbo].[users]', N'_sm_new_5c3b755b013c') IS NOT NULL
BEGIN
    DECLARE @drop nvarchar(max) = N'';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(dc.name) + N'; '
    FROM sys.default_constraints AS dc
    JOIN sys.columns AS c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id
    WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'_sm_new_5c3b755b013c';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(cc.name) + N'; '
    FROM sys.check_constraints AS cc
    JOIN sys.columns AS c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
    WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'_sm_new_5c3b755b013c';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(fk.name) + N'; '
    FROM sys.foreign_keys AS fk
    WHERE fk.parent_object_id = OBJECT_ID(N'[dbo].[users]')
      AND EXISTS (SELECT 1 FROM sys.foreign_key_columns AS fkc
                  JOIN sys.columns AS c ON c.object_id = fkc.parent_object_id AND c.column_id = fkc.parent_column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'_sm_new_5c3b755b013c' AND fkc.constraint_object_id = fk.object_id);
    SELECT @drop = @drop + CASE WHEN i.is_unique_constraint = 1
                                THEN N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(i.name)
                                ELSE N'DROP INDEX ' + QUOTENAME(i.name) + N' ON [dbo].[users]' END + N'; '
    FROM sys.indexes AS i
    WHERE i.object_id = OBJECT_ID(N'[dbo].[users]') AND i.index_id > 0 AND i.is_primary_key = 0
      AND EXISTS (SELECT 1 FROM sys.index_columns AS ic
                  JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'_sm_new_5c3b755b013c' AND ic.index_id = i.index_id);
    SELECT @drop = @drop + N'DROP STATISTICS [dbo].[users].' + QUOTENAME(s.name) + N'; '
    FROM sys.stats AS s
    WHERE s.object_id = OBJECT_ID(N'[dbo].[users]') AND s.user_created = 1
      AND EXISTS (SELECT 1 FROM sys.stats_columns AS sc
                  JOIN sys.columns AS c ON c.object_id = sc.object_id AND c.column_id = sc.column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'_sm_new_5c3b755b013c' AND sc.stats_id = s.stats_id);
    SET @drop = @drop + N'ALTER TABLE [dbo].[users] DROP COLUMN [_sm_new_5c3b755b013c];';
    EXEC sys.sp_executesql @drop;
END;

-- ===== SQL Server 2022 Enterprise =====

-- contract: change the type of [dbo].[users].[name] to NVARCHAR(200) (online, in place) (offline: the old type is unknown; at expand the live catalog decides between in place, this recipe and a refusal)
ALTER TABLE [dbo].[users] ALTER COLUMN [name] NVARCHAR(200) NOT NULL WITH (ONLINE = ON);

