using SafeMigrate.Checks;
using System.CommandLine;
using SafeMigrate.Cli.Reporting;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;

namespace SafeMigrate.Cli.Commands;

/// <summary><c>expand -a migrations.dll -c connection [--to version] [--lock-timeout ms] [--lock-retries n] [--batch-size n] [--batch-target-ms ms] [--batch-delay ms]</c>: the additive half of the release.</summary>
internal static class ExpandCommand
{
    public static Command Create()
    {
        var assembly = CommonOptions.Assembly(required: true);
        var connection = CommonOptions.Connection();
        var provider = CommonOptions.Provider();
        var tags = CommonOptions.Tags();
        var to = CommonOptions.ToVersion("Expand only the migrations up to this version, as FluentMigrator's MigrateUp(version); later ones stay pending.");
        var run = new RunOptions();
        var command = new Command("expand", "Apply the additive half of every pending migration while the old version serves traffic.")
        {
            assembly, connection, provider, tags, to,
        };
        foreach (var option in run.All)
        {
            command.Options.Add(option);
        }

        CommandRunner.SetAction(command, async (context, cancellationToken) =>
        {
            var connectionString = context.RequiredConnection(connection);
            var databaseProvider = context.ResolveProvider(provider, connectionString);

            var options = run.Read(context.ParseResult);
            using var migrations = MigrationAssembly.Load(context.ParseResult.GetRequiredValue(assembly), context.ParseResult.GetValue(tags));
            using var reporter = RunReporter.Create(context);
            await new SafeMigrator(connectionString, databaseProvider, reporter.Attach(options)).ExpandAsync(MigrationUnit.FromAssembly(migrations, databaseProvider), context.ParseResult.GetValue(to), cancellationToken).ConfigureAwait(false);
            foreach (var maintenance in migrations.MaintenanceMigrations)
            {
                // After the run: a warning about what was not run belongs with the result, not before an input error.
                context.Error.WriteLine("warning: " + ReleaseChecker.MaintenanceWarning(maintenance));
            }

            reporter.Done("expand done: deploy the new version, then run contract once the old one is gone.");
            return ExitCodes.Success;
        });
        return command;
    }
}
