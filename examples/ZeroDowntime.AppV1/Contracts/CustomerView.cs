namespace ZeroDowntime.AppV1.Contracts;

public sealed record CustomerView(long Id, string Name, string? Email);
