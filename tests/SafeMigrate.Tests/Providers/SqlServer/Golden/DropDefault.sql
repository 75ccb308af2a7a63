-- ===== SQL Server 2016 Standard =====

-- contract: drop the default of [dbo].[users].[country]
DECLARE @default sysname, @sql nvarchar(max);

-- get name of default constraint
SELECT @default = name
FROM sys.default_constraints
WHERE parent_object_id = object_id('[dbo].[users]')
AND type = 'D'
AND parent_column_id = (
SELECT column_id
FROM sys.columns
WHERE object_id = object_id('[dbo].[users]')
AND name = 'country'
);

-- create alter table command to drop constraint as string and run it
SET @sql = N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(@default);
EXEC sp_executesql @sql;

-- ===== SQL Server 2022 Enterprise =====

-- contract: drop the default of [dbo].[users].[country]
DECLARE @default sysname, @sql nvarchar(max);

-- get name of default constraint
SELECT @default = name
FROM sys.default_constraints
WHERE parent_object_id = object_id('[dbo].[users]')
AND type = 'D'
AND parent_column_id = (
SELECT column_id
FROM sys.columns
WHERE object_id = object_id('[dbo].[users]')
AND name = 'country'
);

-- create alter table command to drop constraint as string and run it
SET @sql = N'ALTER TABLE [dbo].[users] DROP CONSTRAINT ' + QUOTENAME(@default);
EXEC sp_executesql @sql;

