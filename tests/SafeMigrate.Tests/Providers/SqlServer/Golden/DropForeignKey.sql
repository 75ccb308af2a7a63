-- ===== SQL Server 2016 Standard =====

-- contract: drop foreign key [fk_orders_tags]
ALTER TABLE [dbo].[orders] DROP CONSTRAINT [fk_orders_tags];

-- ===== SQL Server 2022 Enterprise =====

-- contract: drop foreign key [fk_orders_tags]
ALTER TABLE [dbo].[orders] DROP CONSTRAINT [fk_orders_tags];

