-- ===== SQL Server 2016 Standard =====

-- expand: create index [_sm_ix_b92cd82c45bf] on [dbo].[users] (offline: SQL Server 2016 Standard has no online index build, writes to the table wait for the whole build) [blocks writes]
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'[dbo].[users]') AND name = N'_sm_ix_b92cd82c45bf')
    CREATE UNIQUE INDEX [_sm_ix_b92cd82c45bf] ON [dbo].[users] ([email] ASC);

-- contract: drop index [dbo].[ix_users_old]
DROP INDEX IF EXISTS [ix_users_old] ON [dbo].[users];

-- contract: rename index [_sm_ix_b92cd82c45bf] to [ix_users_old] (the dropped one is gone)
IF EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'[dbo].[users]') AND name = N'_sm_ix_b92cd82c45bf')
    EXEC sys.sp_rename @objname = N'[dbo].[users].[_sm_ix_b92cd82c45bf]', @newname = N'ix_users_old', @objtype = N'INDEX';

-- rollback: drop index [_sm_ix_b92cd82c45bf]
DROP INDEX IF EXISTS [_sm_ix_b92cd82c45bf] ON [dbo].[users];

-- ===== SQL Server 2022 Enterprise =====

-- expand: create index [_sm_ix_b92cd82c45bf] on [dbo].[users] (online, resumable, waiting for its locks at low priority)
IF EXISTS (SELECT 1 FROM sys.index_resumable_operations WHERE object_id = OBJECT_ID(N'[dbo].[users]') AND name = N'_sm_ix_b92cd82c45bf' AND state_desc = N'PAUSED')
    ALTER INDEX [_sm_ix_b92cd82c45bf] ON [dbo].[users] RESUME;
ELSE IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'[dbo].[users]') AND name = N'_sm_ix_b92cd82c45bf')
    CREATE UNIQUE INDEX [_sm_ix_b92cd82c45bf] ON [dbo].[users] ([email] ASC) WITH (ONLINE = ON (WAIT_AT_LOW_PRIORITY (MAX_DURATION = 1 MINUTES, ABORT_AFTER_WAIT = SELF)), RESUMABLE = ON);

-- contract: drop index [dbo].[ix_users_old]
DROP INDEX IF EXISTS [ix_users_old] ON [dbo].[users];

-- contract: rename index [_sm_ix_b92cd82c45bf] to [ix_users_old] (the dropped one is gone)
IF EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'[dbo].[users]') AND name = N'_sm_ix_b92cd82c45bf')
    EXEC sys.sp_rename @objname = N'[dbo].[users].[_sm_ix_b92cd82c45bf]', @newname = N'ix_users_old', @objtype = N'INDEX';

-- rollback: drop index [_sm_ix_b92cd82c45bf]
DROP INDEX IF EXISTS [_sm_ix_b92cd82c45bf] ON [dbo].[users];

