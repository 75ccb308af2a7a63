using System.CommandLine;

namespace SafeMigrate.Cli.Commands;

/// <summary>
/// <c>pause -c connection [--reason text]</c>: the release running against that database (from any shell or machine)
/// waits before its next backfill batch or step, holding no lock, until <c>resume</c>. Takes no migration lock.
/// </summary>
internal static class PauseCommand
{
    public static Command Create()
    {
        var connection = CommonOptions.Connection();
        var provider = CommonOptions.Provider();
        var reason = new Option<string?>("--reason") { Description = "Why: shown by status and in the paused run's log." };
        var command = new Command("pause", "Pause the release running against the database at its next batch or step (no lock held while paused); resume continues it.")
        {
            connection, provider, reason,
        };

        CommandRunner.SetAction(command, async (context, cancellationToken) =>
        {
            var connectionString = context.RequiredConnection(connection);
            var databaseProvider = context.ResolveProvider(provider, connectionString);
            await new SafeMigrator(connectionString, databaseProvider).PauseAsync(context.ParseResult.GetValue(reason), cancellationToken).ConfigureAwait(false);
            await context.Output.WriteLineAsync(
                "Paused: a release running against this database waits before its next batch or step, holding no lock; one started now waits before its first. "
                + "Run 'dotnet safe-migrate resume' to continue.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
