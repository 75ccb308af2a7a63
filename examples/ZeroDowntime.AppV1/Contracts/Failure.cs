namespace ZeroDowntime.AppV1.Contracts;

/// <summary>The body of a 500: the database's message, so that the driver can report why requests failed.</summary>
public sealed record Failure(string Error);
