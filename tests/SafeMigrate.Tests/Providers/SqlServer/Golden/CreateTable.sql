-- ===== SQL Server 2016 Standard =====

-- expand: create table [dbo].[invoices]
CREATE TABLE [dbo].[invoices] ([id] BIGINT NOT NULL IDENTITY(1,1), [total] DECIMAL(10,2) NOT NULL CONSTRAINT [DF_invoices_total] DEFAULT 0, CONSTRAINT [PK_invoices] PRIMARY KEY ([id]));

-- rollback: drop table [dbo].[invoices]
DROP TABLE IF EXISTS [dbo].[invoices];

-- ===== SQL Server 2022 Enterprise =====

-- expand: create table [dbo].[invoices]
CREATE TABLE [dbo].[invoices] ([id] BIGINT NOT NULL IDENTITY(1,1), [total] DECIMAL(10,2) NOT NULL CONSTRAINT [DF_invoices_total] DEFAULT 0, CONSTRAINT [PK_invoices] PRIMARY KEY ([id]));

-- rollback: drop table [dbo].[invoices]
DROP TABLE IF EXISTS [dbo].[invoices];

