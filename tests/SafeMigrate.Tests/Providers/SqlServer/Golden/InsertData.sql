-- ===== SQL Server 2016 Standard =====

-- expand: insert 1 row(s) into [dbo].[tags]
INSERT INTO [dbo].[tags] ([id], [name]) VALUES (1, N'new');

-- ===== SQL Server 2022 Enterprise =====

-- expand: insert 1 row(s) into [dbo].[tags]
INSERT INTO [dbo].[tags] ([id], [name]) VALUES (1, N'new');

