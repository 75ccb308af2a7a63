namespace SafeMigrate.Loading;

/// <summary>The database servers SafeMigrate plans for.</summary>
public enum DatabaseProvider
{
    Postgres,
    SqlServer,
}
