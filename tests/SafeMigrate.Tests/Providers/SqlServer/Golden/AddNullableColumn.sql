-- ===== SQL Server 2016 Standard =====

-- expand: add column [dbo].[users].[nickname]
ALTER TABLE [dbo].[users] ADD [nickname] NVARCHAR(50);

-- rollback: drop column [nickname] (its default, indexes, keys and statistics first)
IF COL_LENGTH(N'[dbo].[users]', N'nickname') IS NOT NULL
BEGIN
    DECLARE @drop nvarchar(max) = N'';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(dc.name) + N'; '
    FROM sys.default_constraints AS dc
    JOIN sys.columns AS c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id
    WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'nickname';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(cc.name) + N'; '
    FROM sys.check_constraints AS cc
    JOIN sys.columns AS c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
    WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'nickname';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(fk.name) + N'; '
    FROM sys.foreign_keys AS fk
    WHERE fk.parent_object_id = OBJECT_ID(N'[dbo].[users]')
      AND EXISTS (SELECT 1 FROM sys.foreign_key_columns AS fkc
                  JOIN sys.columns AS c ON c.object_id = fkc.parent_object_id AND c.column_id = fkc.parent_column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'nickname' AND fkc.constraint_object_id = fk.object_id);
    SELECT @drop = @drop + CASE WHEN i.is_unique_constraint = 1
                                THEN N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(i.name)
                                ELSE N'DROP INDEX ' + QUOTENAME(i.name) + N' ON [dbo].[users]' END + N'; '
    FROM sys.indexes AS i
    WHERE i.object_id = OBJECT_ID(N'[dbo].[users]') AND i.index_id > 0 AND i.is_primary_key = 0
      AND EXISTS (SELECT 1 FROM sys.index_columns AS ic
                  JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'nickname' AND ic.index_id = i.index_id);
    SELECT @drop = @drop + N'DROP STATISTICS [dbo].[users].' + QUOTENAME(s.name) + N'; '
    FROM sys.stats AS s
    WHERE s.object_id = OBJECT_ID(N'[dbo].[users]') AND s.user_created = 1
      AND EXISTS (SELECT 1 FROM sys.stats_columns AS sc
                  JOIN sys.columns AS c ON c.object_id = sc.object_id AND c.column_id = sc.column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'nickname' AND sc.stats_id = s.stats_id);
    SET @drop = @drop + N'ALTER TABLE [dbo].[users] DROP COLUMN [nickname];';
    EXEC sys.sp_executesql @drop;
END;

-- ===== SQL Server 2022 Enterprise =====

-- expand: add column [dbo].[users].[nickname]
ALTER TABLE [dbo].[users] ADD [nickname] NVARCHAR(50);

-- rollback: drop column [nickname] (its default, indexes, keys and statistics first)
IF COL_LENGTH(N'[dbo].[users]', N'nickname') IS NOT NULL
BEGIN
    DECLARE @drop nvarchar(max) = N'';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(dc.name) + N'; '
    FROM sys.default_constraints AS dc
    JOIN sys.columns AS c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id
    WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'nickname';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(cc.name) + N'; '
    FROM sys.check_constraints AS cc
    JOIN sys.columns AS c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
    WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'nickname';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(fk.name) + N'; '
    FROM sys.foreign_keys AS fk
    WHERE fk.parent_object_id = OBJECT_ID(N'[dbo].[users]')
      AND EXISTS (SELECT 1 FROM sys.foreign_key_columns AS fkc
                  JOIN sys.columns AS c ON c.object_id = fkc.parent_object_id AND c.column_id = fkc.parent_column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'nickname' AND fkc.constraint_object_id = fk.object_id);
    SELECT @drop = @drop + CASE WHEN i.is_unique_constraint = 1
                                THEN N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(i.name)
                                ELSE N'DROP INDEX ' + QUOTENAME(i.name) + N' ON [dbo].[users]' END + N'; '
    FROM sys.indexes AS i
    WHERE i.object_id = OBJECT_ID(N'[dbo].[users]') AND i.index_id > 0 AND i.is_primary_key = 0
      AND EXISTS (SELECT 1 FROM sys.index_columns AS ic
                  JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'nickname' AND ic.index_id = i.index_id);
    SELECT @drop = @drop + N'DROP STATISTICS [dbo].[users].' + QUOTENAME(s.name) + N'; '
    FROM sys.stats AS s
    WHERE s.object_id = OBJECT_ID(N'[dbo].[users]') AND s.user_created = 1
      AND EXISTS (SELECT 1 FROM sys.stats_columns AS sc
                  JOIN sys.columns AS c ON c.object_id = sc.object_id AND c.column_id = sc.column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'nickname' AND sc.stats_id = s.stats_id);
    SET @drop = @drop + N'ALTER TABLE [dbo].[users] DROP COLUMN [nickname];';
    EXEC sys.sp_executesql @drop;
END;

