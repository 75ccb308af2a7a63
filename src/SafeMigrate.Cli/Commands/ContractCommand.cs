using SafeMigrate.Checks;
using System.CommandLine;
using SafeMigrate.Cli.Reporting;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;

namespace SafeMigrate.Cli.Commands;

/// <summary>
/// <c>contract -a migrations.dll -c connection [--to version] [--wait-for-drain [pattern]] [--lock-timeout ms] ...</c>: removes what only
/// the old version needed. <c>--wait-for-drain</c> alone waits on the heartbeats of app instances (SafeMigrate.Hosting);
/// with a pattern, on sessions whose application name matches it.
/// </summary>
internal static class ContractCommand
{
    public static Command Create()
    {
        var assembly = CommonOptions.Assembly(required: true);
        var connection = CommonOptions.Connection();
        var provider = CommonOptions.Provider();
        var tags = CommonOptions.Tags();
        var to = CommonOptions.ToVersion("Contract only the migrations up to this version; later ones stay expanded (several releases in flight).");
        var run = new RunOptions();
        var drain = new Option<string?>("--wait-for-drain")
        {
            Description = "Wait until the old version is gone. Alone: until no live app instance (SafeMigrate.Hosting heartbeat) was built before the migrations being contracted. " +
                "With a pattern: until no session whose application name (application_name on PostgreSQL, program_name on SQL Server) matches it (* = any text) is connected.",
            HelpName = "application-name pattern",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var drainTimeout = new Option<int>("--drain-timeout")
        {
            Description = "How long --wait-for-drain waits, in seconds, before it gives up with exit 4 (nothing contracted).",
            HelpName = "seconds",
            DefaultValueFactory = _ => (int)new SafeMigratorOptions().DrainTimeout.TotalSeconds,
        };
        var command = new Command("contract", "Finish every expanded migration once the old version is gone.")
        {
            assembly, connection, provider, tags, to, drain, drainTimeout,
        };
        foreach (var option in run.All)
        {
            command.Options.Add(option);
        }

        CommandRunner.SetAction(command, async (context, cancellationToken) =>
        {
            var connectionString = context.RequiredConnection(connection);
            var databaseProvider = context.ResolveProvider(provider, connectionString);

            var pattern = context.ParseResult.GetValue(drain);
            if (context.ParseResult.GetValue(drainTimeout) <= 0)
            {
                throw new InvalidInputException("--drain-timeout must be a positive number of seconds.");
            }

            var options = run.Read(context.ParseResult) with
            {
                WaitForDrainPattern = pattern,
                WaitForOlderInstances = context.ParseResult.GetResult(drain) is not null && string.IsNullOrEmpty(pattern),
                DrainTimeout = TimeSpan.FromSeconds(context.ParseResult.GetValue(drainTimeout)),
            };
            using var migrations = MigrationAssembly.Load(context.ParseResult.GetRequiredValue(assembly), context.ParseResult.GetValue(tags));
            using var reporter = RunReporter.Create(context);
            await new SafeMigrator(connectionString, databaseProvider, reporter.Attach(options)).ContractAsync(MigrationUnit.FromAssembly(migrations, databaseProvider), context.ParseResult.GetValue(to), cancellationToken).ConfigureAwait(false);
            foreach (var maintenance in migrations.MaintenanceMigrations)
            {
                // After the run: a warning about what was not run belongs with the result, not before an input error.
                context.Error.WriteLine("warning: " + ReleaseChecker.MaintenanceWarning(maintenance));
            }

            reporter.Done("contract done.");
            return ExitCodes.Success;
        });
        return command;
    }
}
