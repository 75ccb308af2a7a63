namespace ZeroDowntime.AppV2.Contracts;

public sealed record CustomerView(long Id, string Name, string? Email);
