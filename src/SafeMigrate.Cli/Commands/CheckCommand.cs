using System.CommandLine;
using SafeMigrate.Checks;
using SafeMigrate.Cli.Formats;
using SafeMigrate.Cli.Reporting;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Errors;
using SafeMigrate.Loading;

namespace SafeMigrate.Cli.Commands;

/// <summary>
/// <c>check -a migrations.dll [-c connection] [-p postgres|sqlserver] [--pg-version n] [--sqlserver-edition e] [--sqlserver-version y] [--format text|json|sarif|github]</c>: the
/// pre-deploy gate. Exit 0 when SafeMigrate can make every pending migration safe, 1 when a finding is an error.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var assembly = CommonOptions.Assembly(required: true);
        var connection = CommonOptions.Connection();
        var provider = CommonOptions.Provider();
        var tags = CommonOptions.Tags();
        var format = CommonOptions.Format(CheckReportWriters.Formats);
        var largeTableRows = new Option<long>("--large-table-rows")
        {
            Description = "Live check: note every step that scans or rewrites a table of at least this many rows (estimated from the catalog).",
            DefaultValueFactory = _ => new LiveCheckOptions().LargeTableRows,
            HelpName = "rows",
        };
        var sqlServerEdition = CommonOptions.SqlServerEdition();
        var sqlServerVersion = CommonOptions.SqlServerVersion();
        var pgVersion = CommonOptions.PostgresVersion();
        var command = new Command(
            "check",
            "Fail before deploy on anything SafeMigrate cannot make safe; with a connection, also on what only the live database shows.")
        {
            assembly, connection, provider, tags, format, largeTableRows, sqlServerEdition, sqlServerVersion, pgVersion,
        };

        CommandRunner.SetAction(command, async (context, cancellationToken) =>
        {
            var connectionString = context.OptionalConnection(connection);
            var databaseProvider = context.ResolveProvider(provider, connectionString);
            if (connectionString is not null && databaseProvider != DatabaseProvider.Postgres)
            {
                throw new InvalidInputException(
                    "A live check supports PostgreSQL in this version: for SQL Server, run check without a connection (-p sqlserver, no -c and no SAFEMIGRATE_CONNECTION).");
            }

            if (context.ParseResult.GetValue(largeTableRows) <= 0)
            {
                throw new InvalidInputException("--large-table-rows must be positive.");
            }

            // Parsed first: an unsupported version is bad input (exit 2) whether or not it would be used.
            var postgresTarget = PostgresTarget.Parse(context.ParseResult.GetValue(pgVersion));
            var assemblyPath = context.ParseResult.GetRequiredValue(assembly);
            using var migrations = MigrationAssembly.Load(assemblyPath, context.ParseResult.GetValue(tags));
            var report = connectionString is null
                ? ReleaseChecker.CheckOffline(
                    migrations,
                    databaseProvider,
                    SqlServerTarget.Parse(context.ParseResult.GetValue(sqlServerEdition), context.ParseResult.GetValue(sqlServerVersion)),
                    postgresTarget)
                : await ReleaseChecker.CheckLiveAsync(
                    migrations, connectionString, new LiveCheckOptions { LargeTableRows = context.ParseResult.GetValue(largeTableRows) }, cancellationToken).ConfigureAwait(false);

            var writer = CheckReportWriters.For(context.ParseResult.GetValue(format)!, ConsoleStyle.ForOutput(context.Output));
            await writer.WriteAsync(context.Output, report, assemblyPath).ConfigureAwait(false);
            return report.Passed ? ExitCodes.Success : ExitCodes.Refused;
        });
        return command;
    }
}
