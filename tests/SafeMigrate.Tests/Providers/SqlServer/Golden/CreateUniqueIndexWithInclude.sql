-- ===== SQL Server 2016 Standard =====

-- expand: create index [ix_orders_number] on [dbo].[orders] (offline: SQL Server 2016 Standard has no online index build, writes to the table wait for the whole build) [blocks writes]
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'[dbo].[orders]') AND name = N'ix_orders_number')
    CREATE UNIQUE INDEX [ix_orders_number] ON [dbo].[orders] ([number] ASC);

-- rollback: drop index [ix_orders_number]
DROP INDEX IF EXISTS [ix_orders_number] ON [dbo].[orders];

-- ===== SQL Server 2022 Enterprise =====

-- expand: create index [ix_orders_number] on [dbo].[orders] (online, resumable, waiting for its locks at low priority)
IF EXISTS (SELECT 1 FROM sys.index_resumable_operations WHERE object_id = OBJECT_ID(N'[dbo].[orders]') AND name = N'ix_orders_number' AND state_desc = N'PAUSED')
    ALTER INDEX [ix_orders_number] ON [dbo].[orders] RESUME;
ELSE IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'[dbo].[orders]') AND name = N'ix_orders_number')
    CREATE UNIQUE INDEX [ix_orders_number] ON [dbo].[orders] ([number] ASC) WITH (ONLINE = ON (WAIT_AT_LOW_PRIORITY (MAX_DURATION = 1 MINUTES, ABORT_AFTER_WAIT = SELF)), RESUMABLE = ON);

-- rollback: drop index [ix_orders_number]
DROP INDEX IF EXISTS [ix_orders_number] ON [dbo].[orders];

