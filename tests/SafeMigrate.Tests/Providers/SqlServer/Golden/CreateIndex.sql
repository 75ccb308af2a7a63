-- ===== SQL Server 2016 Standard =====

-- expand: create index [ix_users_name] on [dbo].[users] (offline: SQL Server 2016 Standard has no online index build, writes to the table wait for the whole build) [blocks writes]
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'[dbo].[users]') AND name = N'ix_users_name')
    CREATE INDEX [ix_users_name] ON [dbo].[users] ([name] ASC);

-- rollback: drop index [ix_users_name]
DROP INDEX IF EXISTS [ix_users_name] ON [dbo].[users];

-- ===== SQL Server 2022 Enterprise =====

-- expand: create index [ix_users_name] on [dbo].[users] (online, resumable, waiting for its locks at low priority)
IF EXISTS (SELECT 1 FROM sys.index_resumable_operations WHERE object_id = OBJECT_ID(N'[dbo].[users]') AND name = N'ix_users_name' AND state_desc = N'PAUSED')
    ALTER INDEX [ix_users_name] ON [dbo].[users] RESUME;
ELSE IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'[dbo].[users]') AND name = N'ix_users_name')
    CREATE INDEX [ix_users_name] ON [dbo].[users] ([name] ASC) WITH (ONLINE = ON (WAIT_AT_LOW_PRIORITY (MAX_DURATION = 1 MINUTES, ABORT_AFTER_WAIT = SELF)), RESUMABLE = ON);

-- rollback: drop index [ix_users_name]
DROP INDEX IF EXISTS [ix_users_name] ON [dbo].[users];

