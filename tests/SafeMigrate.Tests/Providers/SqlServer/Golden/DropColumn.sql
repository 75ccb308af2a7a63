-- ===== SQL Server 2016 Standard =====

-- expand: make [legacy_code] nullable if it is NOT NULL without default (inserts of the new version omit it)
DECLARE @col_type nvarchar(400), @col_not_null bit, @col_has_default bit;
SELECT @col_type = CASE
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
       @col_not_null = CASE WHEN c.is_nullable = 0 THEN 1 ELSE 0 END,
       @col_has_default = CASE WHEN c.default_object_id <> 0 THEN 1 ELSE 0 END
FROM sys.columns AS c
JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id
WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code';
IF @col_not_null = 1 AND @col_has_default = 0
BEGIN
    DECLARE @alter nvarchar(max) = N'ALTER TABLE [dbo].[users] ALTER COLUMN [legacy_code] ' + @col_type + N' NULL';
    EXEC sys.sp_executesql @alter;
    IF NOT EXISTS (SELECT 1 FROM sys.extended_properties AS ep
                   JOIN sys.columns AS c ON c.object_id = ep.major_id AND c.column_id = ep.minor_id
                   WHERE ep.class = 1 AND ep.major_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code' AND ep.name = N'safe_migrate_was_not_null')
        EXEC sys.sp_addextendedproperty @name = N'safe_migrate_was_not_null', @value = N'1',
            @level0type = N'SCHEMA', @level0name = N'dbo',
            @level1type = N'TABLE', @level1name = N'users',
            @level2type = N'COLUMN', @level2name = N'legacy_code';
END;

-- contract: drop column [dbo].[users].[legacy_code]
IF COL_LENGTH(N'[dbo].[users]', N'legacy_code') IS NOT NULL
BEGIN
    DECLARE @drop nvarchar(max) = N'';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(dc.name) + N'; '
    FROM sys.default_constraints AS dc
    JOIN sys.columns AS c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id
    WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(cc.name) + N'; '
    FROM sys.check_constraints AS cc
    JOIN sys.columns AS c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
    WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(fk.name) + N'; '
    FROM sys.foreign_keys AS fk
    WHERE fk.parent_object_id = OBJECT_ID(N'[dbo].[users]')
      AND EXISTS (SELECT 1 FROM sys.foreign_key_columns AS fkc
                  JOIN sys.columns AS c ON c.object_id = fkc.parent_object_id AND c.column_id = fkc.parent_column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code' AND fkc.constraint_object_id = fk.object_id);
    SELECT @drop = @drop + CASE WHEN i.is_unique_constraint = 1
                                THEN N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(i.name)
                                ELSE N'DROP INDEX ' + QUOTENAME(i.name) + N' ON [dbo].[users]' END + N'; '
    FROM sys.indexes AS i
    WHERE i.object_id = OBJECT_ID(N'[dbo].[users]') AND i.index_id > 0 AND i.is_primary_key = 0
      AND EXISTS (SELECT 1 FROM sys.index_columns AS ic
                  JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code' AND ic.index_id = i.index_id);
    SELECT @drop = @drop + N'DROP STATISTICS [dbo].[users].' + QUOTENAME(s.name) + N'; '
    FROM sys.stats AS s
    WHERE s.object_id = OBJECT_ID(N'[dbo].[users]') AND s.user_created = 1
      AND EXISTS (SELECT 1 FROM sys.stats_columns AS sc
                  JOIN sys.columns AS c ON c.object_id = sc.object_id AND c.column_id = sc.column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code' AND sc.stats_id = s.stats_id);
    SET @drop = @drop + N'ALTER TABLE [dbo].[users] DROP COLUMN [legacy_code];';
    EXEC sys.sp_executesql @drop;
END;

-- rollback: NOT NULL on [dbo].[users].[legacy_code] again, if expand lifted it (SQL Server 2016 Standard has no online ALTER COLUMN: the scan holds Sch-M, reads and writes wait); if rows written since the expand are NULL, stop: no row is changed, fill or delete them and run rollback again [blocks writes]
DECLARE @col_type nvarchar(400), @col_not_null bit, @col_has_default bit;
SELECT @col_type = CASE
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
       @col_not_null = CASE WHEN c.is_nullable = 0 THEN 1 ELSE 0 END,
       @col_has_default = CASE WHEN c.default_object_id <> 0 THEN 1 ELSE 0 END
FROM sys.columns AS c
JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id
WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code';
IF @col_not_null = 0 AND EXISTS (SELECT 1 FROM sys.extended_properties AS ep
                                 JOIN sys.columns AS c ON c.object_id = ep.major_id AND c.column_id = ep.minor_id
                                 WHERE ep.class = 1 AND ep.major_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code' AND ep.name = N'safe_migrate_was_not_null')
BEGIN
    DECLARE @nulls bigint = (SELECT COUNT_BIG(*) FROM [dbo].[users] WHERE [legacy_code] IS NULL);
    IF @nulls > 0
    BEGIN
        DECLARE @stop nvarchar(2048) = N'SafeMigrate cannot make [dbo].[users].[legacy_code] NOT NULL again: ' + CAST(@nulls AS nvarchar(20))
            + N' row(s) written since the expand have NULL in it (the new version leaves it out). Nothing was changed. Fill those rows (UPDATE [dbo].[users] SET [legacy_code] = ... WHERE [legacy_code] IS NULL) or delete them, then run rollback again';
        THROW 50002, @stop, 1;
    END;
    DECLARE @alter nvarchar(max) = N'ALTER TABLE [dbo].[users] ALTER COLUMN [legacy_code] ' + @col_type + N' NOT NULL';
    EXEC sys.sp_executesql @alter;
    EXEC sys.sp_dropextendedproperty @name = N'safe_migrate_was_not_null',
        @level0type = N'SCHEMA', @level0name = N'dbo',
        @level1type = N'TABLE', @level1name = N'users',
        @level2type = N'COLUMN', @level2name = N'legacy_code';
END;

-- ===== SQL Server 2022 Enterprise =====

-- expand: make [legacy_code] nullable if it is NOT NULL without default (inserts of the new version omit it)
DECLARE @col_type nvarchar(400), @col_not_null bit, @col_has_default bit;
SELECT @col_type = CASE
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
       @col_not_null = CASE WHEN c.is_nullable = 0 THEN 1 ELSE 0 END,
       @col_has_default = CASE WHEN c.default_object_id <> 0 THEN 1 ELSE 0 END
FROM sys.columns AS c
JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id
WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code';
IF @col_not_null = 1 AND @col_has_default = 0
BEGIN
    DECLARE @alter nvarchar(max) = N'ALTER TABLE [dbo].[users] ALTER COLUMN [legacy_code] ' + @col_type + N' NULL';
    EXEC sys.sp_executesql @alter;
    IF NOT EXISTS (SELECT 1 FROM sys.extended_properties AS ep
                   JOIN sys.columns AS c ON c.object_id = ep.major_id AND c.column_id = ep.minor_id
                   WHERE ep.class = 1 AND ep.major_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code' AND ep.name = N'safe_migrate_was_not_null')
        EXEC sys.sp_addextendedproperty @name = N'safe_migrate_was_not_null', @value = N'1',
            @level0type = N'SCHEMA', @level0name = N'dbo',
            @level1type = N'TABLE', @level1name = N'users',
            @level2type = N'COLUMN', @level2name = N'legacy_code';
END;

-- contract: drop column [dbo].[users].[legacy_code]
IF COL_LENGTH(N'[dbo].[users]', N'legacy_code') IS NOT NULL
BEGIN
    DECLARE @drop nvarchar(max) = N'';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(dc.name) + N'; '
    FROM sys.default_constraints AS dc
    JOIN sys.columns AS c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id
    WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(cc.name) + N'; '
    FROM sys.check_constraints AS cc
    JOIN sys.columns AS c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
    WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code';
    SELECT @drop = @drop + N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(fk.name) + N'; '
    FROM sys.foreign_keys AS fk
    WHERE fk.parent_object_id = OBJECT_ID(N'[dbo].[users]')
      AND EXISTS (SELECT 1 FROM sys.foreign_key_columns AS fkc
                  JOIN sys.columns AS c ON c.object_id = fkc.parent_object_id AND c.column_id = fkc.parent_column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code' AND fkc.constraint_object_id = fk.object_id);
    SELECT @drop = @drop + CASE WHEN i.is_unique_constraint = 1
                                THEN N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(i.name)
                                ELSE N'DROP INDEX ' + QUOTENAME(i.name) + N' ON [dbo].[users]' END + N'; '
    FROM sys.indexes AS i
    WHERE i.object_id = OBJECT_ID(N'[dbo].[users]') AND i.index_id > 0 AND i.is_primary_key = 0
      AND EXISTS (SELECT 1 FROM sys.index_columns AS ic
                  JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code' AND ic.index_id = i.index_id);
    SELECT @drop = @drop + N'DROP STATISTICS [dbo].[users].' + QUOTENAME(s.name) + N'; '
    FROM sys.stats AS s
    WHERE s.object_id = OBJECT_ID(N'[dbo].[users]') AND s.user_created = 1
      AND EXISTS (SELECT 1 FROM sys.stats_columns AS sc
                  JOIN sys.columns AS c ON c.object_id = sc.object_id AND c.column_id = sc.column_id
                  WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code' AND sc.stats_id = s.stats_id);
    SET @drop = @drop + N'ALTER TABLE [dbo].[users] DROP COLUMN [legacy_code];';
    EXEC sys.sp_executesql @drop;
END;

-- rollback: NOT NULL on [dbo].[users].[legacy_code] again, if expand lifted it (online: reads and writes go on); if rows written since the expand are NULL, stop: no row is changed, fill or delete them and run rollback again
DECLARE @col_type nvarchar(400), @col_not_null bit, @col_has_default bit;
SELECT @col_type = CASE
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
       @col_not_null = CASE WHEN c.is_nullable = 0 THEN 1 ELSE 0 END,
       @col_has_default = CASE WHEN c.default_object_id <> 0 THEN 1 ELSE 0 END
FROM sys.columns AS c
JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id
WHERE c.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code';
IF @col_not_null = 0 AND EXISTS (SELECT 1 FROM sys.extended_properties AS ep
                                 JOIN sys.columns AS c ON c.object_id = ep.major_id AND c.column_id = ep.minor_id
                                 WHERE ep.class = 1 AND ep.major_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'legacy_code' AND ep.name = N'safe_migrate_was_not_null')
BEGIN
    DECLARE @nulls bigint = (SELECT COUNT_BIG(*) FROM [dbo].[users] WHERE [legacy_code] IS NULL);
    IF @nulls > 0
    BEGIN
        DECLARE @stop nvarchar(2048) = N'SafeMigrate cannot make [dbo].[users].[legacy_code] NOT NULL again: ' + CAST(@nulls AS nvarchar(20))
            + N' row(s) written since the expand have NULL in it (the new version leaves it out). Nothing was changed. Fill those rows (UPDATE [dbo].[users] SET [legacy_code] = ... WHERE [legacy_code] IS NULL) or delete them, then run rollback again';
        THROW 50002, @stop, 1;
    END;
    DECLARE @alter nvarchar(max) = N'ALTER TABLE [dbo].[users] ALTER COLUMN [legacy_code] ' + @col_type + N' NOT NULL WITH (ONLINE = ON)';
    EXEC sys.sp_executesql @alter;
    EXEC sys.sp_dropextendedproperty @name = N'safe_migrate_was_not_null',
        @level0type = N'SCHEMA', @level0name = N'dbo',
        @level1type = N'TABLE', @level1name = N'users',
        @level2type = N'COLUMN', @level2name = N'legacy_code';
END;

