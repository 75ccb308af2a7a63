-- ===== SQL Server 2016 Standard =====

-- expand: create schema [billing]
CREATE SCHEMA [billing];

-- rollback: undo: create schema [billing]
DROP SCHEMA IF EXISTS [billing];

-- ===== SQL Server 2022 Enterprise =====

-- expand: create schema [billing]
CREATE SCHEMA [billing];

-- rollback: undo: create schema [billing]
DROP SCHEMA IF EXISTS [billing];

