-- ===== SQL Server 2016 Standard =====

-- expand: add foreign key [fk_orders_users] on [dbo].[orders] WITH NOCHECK (checks new writes only, no scan)
ALTER TABLE [dbo].[orders] WITH NOCHECK ADD CONSTRAINT [fk_orders_users] FOREIGN KEY ([user_id]) REFERENCES [dbo].[users] ([id]);

-- rollback: drop foreign key [fk_orders_users]
IF OBJECT_ID(N'[dbo].[orders]', N'U') IS NOT NULL
    ALTER TABLE [dbo].[orders] DROP CONSTRAINT IF EXISTS [fk_orders_users];

-- ===== SQL Server 2022 Enterprise =====

-- expand: add foreign key [fk_orders_users] on [dbo].[orders] WITH NOCHECK (checks new writes only, no scan)
ALTER TABLE [dbo].[orders] WITH NOCHECK ADD CONSTRAINT [fk_orders_users] FOREIGN KEY ([user_id]) REFERENCES [dbo].[users] ([id]);

-- rollback: drop foreign key [fk_orders_users]
IF OBJECT_ID(N'[dbo].[orders]', N'U') IS NOT NULL
    ALTER TABLE [dbo].[orders] DROP CONSTRAINT IF EXISTS [fk_orders_users];

