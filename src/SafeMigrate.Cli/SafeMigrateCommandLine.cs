using System.CommandLine;
using SafeMigrate.Cli.Commands;

namespace SafeMigrate.Cli;

/// <summary>The command tree of <c>dotnet safe-migrate</c>. Commands only wire options to the library.</summary>
internal static class SafeMigrateCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "SafeMigrate: zero-downtime FluentMigrator releases. expand while the old version serves, roll out the new " +
            "version, then contract once the old one is gone.")
        {
            CommonOptions.Verbose,
        };
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(ExpandCommand.Create());
        root.Subcommands.Add(ContractCommand.Create());
        root.Subcommands.Add(RollbackCommand.Create());
        root.Subcommands.Add(PauseCommand.Create());
        root.Subcommands.Add(ResumeCommand.Create());
        return root;
    }

    /// <param name="stop">Cancelled when the run is asked to stop (SIGTERM, Ctrl-C: see <see cref="StopSignals"/>).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop = default)
    {
        var parseResult = Build().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // One clear line and exit 2, instead of System.CommandLine's help dump and exit 1.
            var command = parseResult.CommandResult.Command;
            var path = command is RootCommand ? "" : " " + command.Name;
            // An unrecognised word says more than the "required command was not provided" it causes.
            var first = parseResult.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal))
                ?? parseResult.Errors[0];
            var message = string.Join(' ', first.Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
            await error.WriteLineAsync(
                $"error: {message} Run 'dotnet safe-migrate{path} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        // ProcessTerminationTimeout stays null: System.CommandLine handles no signal then (StopSignals does), and never
        // replaces the run's own exit code with 143 while the run is still stopping.
        return await parseResult.InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
            stop).ConfigureAwait(false);
    }
}
