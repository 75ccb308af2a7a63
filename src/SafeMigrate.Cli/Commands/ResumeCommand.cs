using System.CommandLine;

namespace SafeMigrate.Cli.Commands;

/// <summary><c>resume -c connection</c>: lifts the pause of <c>pause</c>; the paused release continues where it stopped.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var connection = CommonOptions.Connection();
        var provider = CommonOptions.Provider();
        var command = new Command("resume", "Lift a pause: the paused release continues where it stopped.")
        {
            connection, provider,
        };

        CommandRunner.SetAction(command, async (context, cancellationToken) =>
        {
            var connectionString = context.RequiredConnection(connection);
            var databaseProvider = context.ResolveProvider(provider, connectionString);
            var lifted = await new SafeMigrator(connectionString, databaseProvider).ResumeAsync(cancellationToken).ConfigureAwait(false);
            await context.Output.WriteLineAsync(lifted
                ? "Resumed: the paused release continues where it stopped (within one poll interval)."
                : "Nothing was paused.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
