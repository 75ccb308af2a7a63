-- ===== SQL Server 2016 Standard =====

-- contract: NOT NULL on [dbo].[tags].[id] (SQL Server 2016 Standard has no online ALTER COLUMN: the scan holds Sch-M, reads and writes wait) [blocks writes]
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
WHERE c.object_id = OBJECT_ID(N'[dbo].[tags]') AND c.name = N'id';
IF @col_not_null = 0
BEGIN
    DECLARE @alter nvarchar(max) = N'ALTER TABLE [dbo].[tags] ALTER COLUMN [id] ' + @col_type + N' NOT NULL';
    EXEC sys.sp_executesql @alter;
END;

-- contract: add primary key [pk_tags] on [dbo].[tags] (offline: SQL Server 2016 Standard has no online index build, writes wait for the build) [blocks writes]
IF OBJECT_ID(N'[dbo].[pk_tags]') IS NULL
    ALTER TABLE [dbo].[tags] ADD CONSTRAINT [pk_tags] PRIMARY KEY ([id]);

-- ===== SQL Server 2022 Enterprise =====

-- contract: NOT NULL on [dbo].[tags].[id] (online: reads and writes go on)
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
WHERE c.object_id = OBJECT_ID(N'[dbo].[tags]') AND c.name = N'id';
IF @col_not_null = 0
BEGIN
    DECLARE @alter nvarchar(max) = N'ALTER TABLE [dbo].[tags] ALTER COLUMN [id] ' + @col_type + N' NOT NULL WITH (ONLINE = ON)';
    EXEC sys.sp_executesql @alter;
END;

-- contract: add primary key [pk_tags] on [dbo].[tags] (index built online)
IF OBJECT_ID(N'[dbo].[pk_tags]') IS NULL
    ALTER TABLE [dbo].[tags] ADD CONSTRAINT [pk_tags] PRIMARY KEY ([id]) WITH (ONLINE = ON);

