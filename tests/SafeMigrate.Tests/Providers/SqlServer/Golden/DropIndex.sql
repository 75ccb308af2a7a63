-- ===== SQL Server 2016 Standard =====

-- contract: drop index [dbo].[ix_users_old]
DROP INDEX IF EXISTS [ix_users_old] ON [dbo].[users];

-- ===== SQL Server 2022 Enterprise =====

-- contract: drop index [dbo].[ix_users_old]
DROP INDEX IF EXISTS [ix_users_old] ON [dbo].[users];

