using System.CommandLine;
using SafeMigrate.Connections;
using SafeMigrate.Cli.Reporting;
using SafeMigrate.Errors;

namespace SafeMigrate.Cli;

/// <summary>
/// Runs a command's body and turns every failure into one line on stderr and a documented exit code.
/// A stack trace is shown only with --verbose; a password never is.
/// </summary>
internal static class CommandRunner
{
    public static void SetAction(Command command, Func<CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(
                parseResult,
                body,
                parseResult.InvocationConfiguration.Output,
                parseResult.InvocationConfiguration.Error,
                cancellationToken));

    public static async Task<int> RunAsync(
        ParseResult parseResult,
        Func<CommandContext, CancellationToken, Task<int>> body,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        var context = new CommandContext(parseResult, output, error);
        try
        {
            return await body(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or { InnerException: OperationCanceledException })
        {
            // SIGTERM or Ctrl-C (StopSignals): one line saying where the run stopped, exit 3 (the same command resumes).
            var position = e is RunStoppedException stopped ? stopped.Position : "at a checkpoint between steps";
            var line = $"stopped on request {position}; run the same command again to resume.";
            await (RunOptions.IsJsonLog(parseResult)
                ? JsonRunReporter.WriteEndAsync(error, "stopped", ExitCodes.DatabaseFailure, line)
                : error.WriteLineAsync(line)).ConfigureAwait(false);
            return ExitCodes.DatabaseFailure;
        }
        catch (Exception e)
        {
            var (code, message) = Describe(e);
            var redacted = ConnectionStrings.RedactSecrets(message, context.ConnectionString);
            await (RunOptions.IsJsonLog(parseResult)
                ? JsonRunReporter.WriteEndAsync(error, "error", code, redacted)
                : error.WriteLineAsync("error: " + redacted)).ConfigureAwait(false);
            if (context.Verbose)
            {
                await error.WriteLineAsync(ConnectionStrings.RedactSecrets(e.ToString(), context.ConnectionString)).ConfigureAwait(false);
            }

            return code;
        }
    }

    private static (int Code, string Message) Describe(Exception exception) => exception switch
    {
        InvalidInputException e => (ExitCodes.InvalidInput, e.Message),
        RefusedException e => (ExitCodes.Refused, e.Message),
        InvalidStateException e => (ExitCodes.Refused, e.Message),
        BlockedException e => (ExitCodes.Blocked, e.Message),
        DatabaseFailureException e => (ExitCodes.DatabaseFailure, e.Message),
        OperationCanceledException => (ExitCodes.DatabaseFailure,
            "Stopped at a checkpoint on request; run the same command again to resume."),
        _ => (ExitCodes.DatabaseFailure,
            $"Unexpected failure ({exception.GetType().Name}): {exception.Message} Run again with --verbose for details."),
    };
}
