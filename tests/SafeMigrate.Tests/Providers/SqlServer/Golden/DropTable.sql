-- ===== SQL Server 2016 Standard =====

-- contract: drop table [dbo].[audit_log]
DROP TABLE [dbo].[audit_log];

-- ===== SQL Server 2022 Enterprise =====

-- contract: drop table [dbo].[audit_log]
DROP TABLE [dbo].[audit_log];

