using System.CommandLine;
using SafeMigrate.Connections;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Providers.SqlServer;

namespace SafeMigrate.Cli;

/// <summary>The options several commands share, defined once so their names and help read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Assembly(bool required) => new("--assembly", "-a")
    {
        Description = "The built migrations assembly (.dll); its folder must hold its dependencies.",
        Required = required,
        HelpName = "migrations.dll",
    };

    public static Option<string?> Connection() => new("--connection", "-c")
    {
        Description = $"Connection string of the target database (default: the {ConnectionStrings.EnvironmentVariable} environment variable).",
        HelpName = "connection",
    };

    public static Option<string?> Provider() => new("--provider", "-p")
    {
        Description = "postgres or sqlserver (default: inferred from the connection string).",
        HelpName = "postgres|sqlserver",
    };

    public static Option<string[]> Tags() => new("--tag")
    {
        Description = "Select tagged migrations as FluentMigrator's --tag does (untagged ones are always included). Repeatable.",
        HelpName = "tag",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--to</c>: the version a command stops at (expand and contract) or returns to (rollback).</summary>
    public static Option<long?> ToVersion(string description) => new("--to")
    {
        Description = description + " It must be the version of one of the selected migrations.",
        HelpName = "version",
    };

    public static Option<string> Format(params string[] formats)
    {
        var option = new Option<string>("--format")
        {
            Description = $"Output format: {string.Join(", ", formats)}.",
            DefaultValueFactory = _ => formats[0],
            HelpName = string.Join('|', formats),
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    public static Option<string?> SqlServerEdition() => new("--sqlserver-edition")
    {
        Description = "SQL Server edition an offline plan is written for (default: standard, where nothing runs online).",
        HelpName = string.Join('|', SqlServerTarget.EditionNames),
    };

    public static Option<string?> SqlServerVersion() => new("--sqlserver-version")
    {
        Description = "SQL Server version an offline plan is written for (default: 2016).",
        HelpName = string.Join('|', SqlServerTarget.VersionYears),
    };

    public static Option<string?> PostgresVersion() => new("--pg-version")
    {
        Description = $"PostgreSQL major version an offline plan is written for (default: {PostgresTarget.NewestSupported}; with a connection the server's own is used).",
        HelpName = $"{PostgresTarget.OldestSupported}..{PostgresTarget.NewestSupported}",
    };

    /// <summary>Global: SQL of each step and stack traces of failures.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show the SQL of each step and the stack trace of a failure.",
        Recursive = true,
    };
}
