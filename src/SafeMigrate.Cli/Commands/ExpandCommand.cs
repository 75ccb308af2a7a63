using System.CommandLine;
using SafeMigrate.Backfill;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;

namespace SafeMigrate.Cli.Commands;

/// <summary><c>expand -a migrations.dll -c connection [--lock-timeout ms] [--batch-size n]</c>: the additive half of the release.</summary>
internal static class ExpandCommand
{
    public static Command Create()
    {
        var assembly = CommonOptions.Assembly(required: true);
        var connection = CommonOptions.Connection();
        var provider = CommonOptions.Provider();
        var tags = CommonOptions.Tags();
        var lockTimeout = new Option<int>("--lock-timeout") { Description = "lock_timeout of every statement, in milliseconds (default 2000).", DefaultValueFactory = _ => 2000, HelpName = "ms" };
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per backfill batch (default 1000).", DefaultValueFactory = _ => 1000, HelpName = "n" };
        var command = new Command("expand", "Apply the additive half of every pending migration while the old version serves traffic.")
        {
            assembly, connection, provider, tags, lockTimeout, batchSize,
        };

        CommandRunner.SetAction(command, async (context, cancellationToken) =>
        {
            var connectionString = context.RequiredConnection(connection);
            if (context.ResolveProvider(provider, connectionString) != DatabaseProvider.Postgres)
            {
                throw new InvalidInputException("expand supports PostgreSQL in this version.");
            }

            if (context.ParseResult.GetValue(lockTimeout) <= 0 || context.ParseResult.GetValue(batchSize) <= 0)
            {
                throw new InvalidInputException("--lock-timeout and --batch-size must be positive.");
            }

            using var migrations = MigrationAssembly.Load(context.ParseResult.GetRequiredValue(assembly), context.ParseResult.GetValue(tags));
            var options = new SafeMigratorOptions
            {
                LockTimeout = TimeSpan.FromMilliseconds(context.ParseResult.GetValue(lockTimeout)),
                BatchSize = context.ParseResult.GetValue(batchSize),
                Log = line => context.Error.WriteLine(line),
                BackfillProgress = new BackfillProgressLines(context.Error),
            };
            await new SafeMigrator(connectionString, options).ExpandAsync(MigrationUnit.FromAssembly(migrations), cancellationToken).ConfigureAwait(false);
            await context.Error.WriteLineAsync("expand done: deploy the new version, then run contract once the old one is gone.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Backfill progress as plain lines on stderr.</summary>
    internal sealed class BackfillProgressLines(TextWriter error) : IProgress<BackfillProgress>
    {
        public void Report(BackfillProgress value) =>
            error.WriteLine($"  backfill: {value.RowsDone}{(value.RowsTotal is { } total ? "/" + total : string.Empty)} rows, {value.RowsPerSecond:0} rows/s");
    }
}
