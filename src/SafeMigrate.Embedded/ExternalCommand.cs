using System.Diagnostics;
using System.Text;

namespace SafeMigrate.Embedded;

/// <summary>Runs a program to completion and captures what it printed.</summary>
internal static class ExternalCommand
{
    public sealed record Result(int ExitCode, string Output);

    /// <param name="runAsUser">When set, the program runs as that user through <c>runuser</c> (needs root).</param>
    public static async Task<Result> RunAsync(
        string fileName, IEnumerable<string> arguments, string? runAsUser = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo
        {
            FileName = runAsUser is null ? fileName : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsUser is not null)
        {
            foreach (var argument in new[] { "-u", runAsUser, "--", fileName })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // initdb and postgres refuse to guess a locale from an unset or exotic environment.
        start.Environment["LC_ALL"] = "C";
        start.Environment["LANG"] = "C";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return new Result(process.ExitCode, output.ToString().Trim());
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
