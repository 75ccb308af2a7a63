using System.CommandLine;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;

namespace SafeMigrate.Cli.Commands;

/// <summary><c>contract -a migrations.dll -c connection [--wait-for-drain pattern]</c>: removes what only the old version needed.</summary>
internal static class ContractCommand
{
    public static Command Create()
    {
        var assembly = CommonOptions.Assembly(required: true);
        var connection = CommonOptions.Connection();
        var provider = CommonOptions.Provider();
        var tags = CommonOptions.Tags();
        var lockTimeout = new Option<int>("--lock-timeout") { Description = "lock_timeout of every statement, in milliseconds (default 2000).", DefaultValueFactory = _ => 2000, HelpName = "ms" };
        var drain = new Option<string?>("--wait-for-drain")
        {
            Description = "Wait until no session whose application_name matches this pattern (* = any text) is connected: the old version is gone.",
            HelpName = "application-name pattern",
        };
        var command = new Command("contract", "Finish every expanded migration once the old version is gone.")
        {
            assembly, connection, provider, tags, lockTimeout, drain,
        };

        CommandRunner.SetAction(command, async (context, cancellationToken) =>
        {
            var connectionString = context.RequiredConnection(connection);
            if (context.ResolveProvider(provider, connectionString) != DatabaseProvider.Postgres)
            {
                throw new InvalidInputException("contract supports PostgreSQL in this version.");
            }

            using var migrations = MigrationAssembly.Load(context.ParseResult.GetRequiredValue(assembly), context.ParseResult.GetValue(tags));
            var options = new SafeMigratorOptions
            {
                LockTimeout = TimeSpan.FromMilliseconds(Math.Max(1, context.ParseResult.GetValue(lockTimeout))),
                WaitForDrainPattern = context.ParseResult.GetValue(drain),
                Log = line => context.Error.WriteLine(line),
                BackfillProgress = new ExpandCommand.BackfillProgressLines(context.Error),
            };
            await new SafeMigrator(connectionString, options).ContractAsync(MigrationUnit.FromAssembly(migrations), cancellationToken).ConfigureAwait(false);
            await context.Error.WriteLineAsync("contract done.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
