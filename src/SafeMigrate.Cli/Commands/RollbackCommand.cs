using System.CommandLine;
using SafeMigrate.Cli.Reporting;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;

namespace SafeMigrate.Cli.Commands;

/// <summary><c>rollback -a migrations.dll -c connection [--to version] [--yes]</c>: undoes the expand of a release that was not contracted.</summary>
internal static class RollbackCommand
{
    public static Command Create()
    {
        var assembly = CommonOptions.Assembly(required: true);
        var connection = CommonOptions.Connection();
        var provider = CommonOptions.Provider();
        var tags = CommonOptions.Tags();
        var to = CommonOptions.ToVersion("Undo only the expands of migrations above this version, as FluentMigrator's MigrateDown(version); the ones up to it stay expanded.");
        var run = new RunOptions(batching: false);
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (required when input is not a terminal)." };
        var command = new Command("rollback", "Undo the expand of every expanded migration (before contract), latest first; then roll the app back.")
        {
            assembly, connection, provider, tags, to, yes, run.LockTimeout, run.LockRetries,
        };

        CommandRunner.SetAction(command, async (context, cancellationToken) =>
        {
            var connectionString = context.RequiredConnection(connection);
            var databaseProvider = context.ResolveProvider(provider, connectionString);

            if (!context.ParseResult.GetValue(yes))
            {
                if (Console.IsInputRedirected)
                {
                    throw new InvalidInputException("rollback drops what expand added (new columns and their data): pass --yes to confirm.");
                }

                await context.Error.WriteAsync("Roll back the expand (columns and data it added are dropped)? [y/N] ").ConfigureAwait(false);
                if (!string.Equals(Console.ReadLine()?.Trim(), "y", StringComparison.OrdinalIgnoreCase))
                {
                    await context.Error.WriteLineAsync("Nothing done.").ConfigureAwait(false);
                    return ExitCodes.Refused;
                }
            }

            var options = run.Read(context.ParseResult);
            using var migrations = MigrationAssembly.Load(context.ParseResult.GetRequiredValue(assembly), context.ParseResult.GetValue(tags));
            using var reporter = RunReporter.Create(context);
            await new SafeMigrator(connectionString, databaseProvider, reporter.Attach(options)).RollbackAsync(MigrationUnit.FromAssembly(migrations, databaseProvider), context.ParseResult.GetValue(to), cancellationToken).ConfigureAwait(false);
            reporter.Done("rollback done: roll the app back to the old version.");
            return ExitCodes.Success;
        });
        return command;
    }
}
