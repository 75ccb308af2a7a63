using System;

namespace SafeMigrate.Analyzers.Infrastructure
{
    /// <summary>The database engines a statement runs on.</summary>
    [Flags]
    internal enum ProviderScope
    {
        None = 0,
        Postgres = 1,
        SqlServer = 2,
        Both = Postgres | SqlServer,
    }

    internal static class ProviderScopeParser
    {
        /// <summary>
        /// Maps a FluentMigrator processor id or alias (IfDatabase argument) to the engines it selects.
        /// "PostgreSQL", "PostgreSQL15_0", "SqlServer2016", "SqlServer" ... Other engines (SQLite, MySql) run nothing we check.
        /// "Postgres" is not an alias in FluentMigrator 8.0.1 (the branch is dropped, see SM1007) but is in later versions and
        /// states the author's intent, so the branch's content is still checked as PostgreSQL.
        /// </summary>
        public static ProviderScope FromDatabaseType(string? databaseType)
        {
            if (databaseType is null)
            {
                return ProviderScope.Both;
            }

            if (databaseType.StartsWith("Postgre", StringComparison.OrdinalIgnoreCase))
            {
                return ProviderScope.Postgres;
            }

            if (databaseType.StartsWith("SqlServer", StringComparison.OrdinalIgnoreCase) || databaseType.StartsWith("Azure", StringComparison.OrdinalIgnoreCase))
            {
                return ProviderScope.SqlServer;
            }

            return ProviderScope.None;
        }

        /// <summary>The MSBuild property SafeMigrateProvider: postgres, sqlserver, or empty for both.</summary>
        public static ProviderScope FromBuildProperty(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return ProviderScope.Both;
            }

            var v = value!.Trim();
            if (v.StartsWith("postgre", StringComparison.OrdinalIgnoreCase) || v.Equals("pg", StringComparison.OrdinalIgnoreCase) || v.Equals("npgsql", StringComparison.OrdinalIgnoreCase))
            {
                return ProviderScope.Postgres;
            }

            if (v.StartsWith("sqlserver", StringComparison.OrdinalIgnoreCase) || v.Equals("mssql", StringComparison.OrdinalIgnoreCase))
            {
                return ProviderScope.SqlServer;
            }

            return ProviderScope.Both;
        }
    }
}
