namespace ZeroDowntime;

/// <summary>The harness could not do its job (exit 3): what failed and where to look.</summary>
public sealed class HarnessException(string message, Exception? inner = null) : Exception(message, inner);
