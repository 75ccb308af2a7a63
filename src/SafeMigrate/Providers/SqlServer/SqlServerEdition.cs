namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// The SQL Server editions that decide what can run online, as <c>SERVERPROPERTY('EngineEdition')</c> reports them:
/// 2 Standard, 3 Enterprise (also Developer and Evaluation), 4 Express, 5 Azure SQL Database, 8 Azure SQL Managed Instance.
/// </summary>
public enum SqlServerEdition
{
    Standard,
    Enterprise,
    Express,
    AzureSqlDatabase,
    AzureSqlManagedInstance,
}
