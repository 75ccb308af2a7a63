-- ===== SQL Server 2016 Standard =====

-- expand: raw SQL (expand): CREATE INDEX [ix_users_created] ON [dbo].[users] ([created_at]) WITH (ONLINE ...
CREATE INDEX [ix_users_created] ON [dbo].[users] ([created_at]) WITH (ONLINE = ON, RESUMABLE = ON);

-- contract: raw SQL (contract): DROP VIEW IF EXISTS [dbo].[user_summary];
DROP VIEW IF EXISTS [dbo].[user_summary];

-- rollback: undo raw SQL (expand): CREATE INDEX [ix_users_created] ON [dbo].[users] ([created_at]) WITH (ONLINE ...
DROP INDEX IF EXISTS [ix_users_created] ON [dbo].[users];

-- ===== SQL Server 2022 Enterprise =====

-- expand: raw SQL (expand): CREATE INDEX [ix_users_created] ON [dbo].[users] ([created_at]) WITH (ONLINE ...
CREATE INDEX [ix_users_created] ON [dbo].[users] ([created_at]) WITH (ONLINE = ON, RESUMABLE = ON);

-- contract: raw SQL (contract): DROP VIEW IF EXISTS [dbo].[user_summary];
DROP VIEW IF EXISTS [dbo].[user_summary];

-- rollback: undo raw SQL (expand): CREATE INDEX [ix_users_created] ON [dbo].[users] ([created_at]) WITH (ONLINE ...
DROP INDEX IF EXISTS [ix_users_created] ON [dbo].[users];

