-- ===== SQL Server 2016 Standard =====

-- expand: insert 1 row(s) into [dbo].[tags] (a rollback leaves these rows: the table's keys are not known: planned offline, or on SQL Server, whose catalog reader does not read them yet)
INSERT INTO [dbo].[tags] ([id], [name]) VALUES (1, N'new');

-- ===== SQL Server 2022 Enterprise =====

-- expand: insert 1 row(s) into [dbo].[tags] (a rollback leaves these rows: the table's keys are not known: planned offline, or on SQL Server, whose catalog reader does not read them yet)
INSERT INTO [dbo].[tags] ([id], [name]) VALUES (1, N'new');

