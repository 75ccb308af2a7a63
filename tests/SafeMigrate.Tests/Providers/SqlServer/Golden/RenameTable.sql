-- ===== SQL Server 2016 Standard =====

-- expand: rename table [dbo].[orders] to [purchases], keeping [orders] as a synonym
EXEC sys.sp_rename @objname = N'[dbo].[orders]', @newname = N'purchases', @objtype = N'OBJECT';
CREATE SYNONYM [dbo].[orders] FOR [dbo].[purchases];

-- contract: drop the compatibility synonym [dbo].[orders]
DROP SYNONYM IF EXISTS [dbo].[orders];

-- rollback: drop the synonym [dbo].[orders] and rename [purchases] back
IF OBJECT_ID(N'[dbo].[purchases]', N'U') IS NOT NULL
BEGIN
    DROP SYNONYM IF EXISTS [dbo].[orders];
    EXEC sys.sp_rename @objname = N'[dbo].[purchases]', @newname = N'orders', @objtype = N'OBJECT';
END;

-- ===== SQL Server 2022 Enterprise =====

-- expand: rename table [dbo].[orders] to [purchases], keeping [orders] as a synonym
EXEC sys.sp_rename @objname = N'[dbo].[orders]', @newname = N'purchases', @objtype = N'OBJECT';
CREATE SYNONYM [dbo].[orders] FOR [dbo].[purchases];

-- contract: drop the compatibility synonym [dbo].[orders]
DROP SYNONYM IF EXISTS [dbo].[orders];

-- rollback: drop the synonym [dbo].[orders] and rename [purchases] back
IF OBJECT_ID(N'[dbo].[purchases]', N'U') IS NOT NULL
BEGIN
    DROP SYNONYM IF EXISTS [dbo].[orders];
    EXEC sys.sp_rename @objname = N'[dbo].[purchases]', @newname = N'orders', @objtype = N'OBJECT';
END;

