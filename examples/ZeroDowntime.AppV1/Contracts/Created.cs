namespace ZeroDowntime.AppV1.Contracts;

public sealed record Created(long Id);
