namespace SafeMigrate.Embedded;

/// <summary>The PostgreSQL server programs needed for a throwaway cluster are missing; the message says what to install.</summary>
public sealed class PostgresNotInstalledException(string message) : Exception(message);
