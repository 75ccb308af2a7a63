-- ===== SQL Server 2016 Standard =====

-- expand: add unique constraint [uq_users_email] on [dbo].[users] (offline: SQL Server 2016 Standard has no online index build, writes wait for the build) [blocks writes]
IF OBJECT_ID(N'[dbo].[uq_users_email]') IS NULL
    ALTER TABLE [dbo].[users] ADD CONSTRAINT [uq_users_email] UNIQUE ([email]);

-- rollback: drop constraint [uq_users_email]
IF OBJECT_ID(N'[dbo].[users]', N'U') IS NOT NULL
    ALTER TABLE [dbo].[users] DROP CONSTRAINT IF EXISTS [uq_users_email];

-- ===== SQL Server 2022 Enterprise =====

-- expand: add unique constraint [uq_users_email] on [dbo].[users] (index built online)
IF OBJECT_ID(N'[dbo].[uq_users_email]') IS NULL
    ALTER TABLE [dbo].[users] ADD CONSTRAINT [uq_users_email] UNIQUE ([email]) WITH (ONLINE = ON);

-- rollback: drop constraint [uq_users_email]
IF OBJECT_ID(N'[dbo].[users]', N'U') IS NOT NULL
    ALTER TABLE [dbo].[users] DROP CONSTRAINT IF EXISTS [uq_users_email];

