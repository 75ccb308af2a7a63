namespace SafeMigrate.Cli.Reporting;

/// <summary>
/// ANSI colours for one stream, or none: colours are on only when the stream is the process's own console stream,
/// that stream is a terminal, and NO_COLOR (https://no-color.org) is not set.
/// </summary>
internal sealed class ConsoleStyle(bool enabled)
{
    public static readonly ConsoleStyle None = new(false);

    public bool Enabled { get; } = enabled;

    public static bool NoColorRequested => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>True in CI: most CI systems set CI (GitHub Actions, Azure Pipelines through TF_BUILD, GitLab, ...).</summary>
    public static bool InCi =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TF_BUILD"));

    public static bool IsTerminalOutput(TextWriter writer) => ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;

    public static bool IsTerminalError(TextWriter writer) => ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;

    public static ConsoleStyle ForOutput(TextWriter writer) => new(IsTerminalOutput(writer) && !NoColorRequested);

    public static ConsoleStyle ForError(TextWriter writer) => new(IsTerminalError(writer) && !NoColorRequested);

    public string Red(string text) => Paint("31", text);

    public string Yellow(string text) => Paint("33", text);

    public string Green(string text) => Paint("32", text);

    public string Cyan(string text) => Paint("36", text);

    public string Dim(string text) => Paint("2", text);

    public string Bold(string text) => Paint("1", text);

    private string Paint(string code, string text) => Enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
