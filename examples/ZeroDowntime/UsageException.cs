namespace ZeroDowntime;

/// <summary>The command line is wrong; the message says how (exit 2).</summary>
public sealed class UsageException(string message) : Exception(message);
