-- ===== SQL Server 2016 Standard =====

-- expand: update all rows of [dbo].[users] set [nickname] = N'anonymous' (batched; not undone by rollback)
-- (batched backfill of users: SET [nickname] = N'anonymous')

-- ===== SQL Server 2022 Enterprise =====

-- expand: update all rows of [dbo].[users] set [nickname] = N'anonymous' (batched; not undone by rollback)
-- (batched backfill of users: SET [nickname] = N'anonymous')

