namespace ZeroDowntime.AppV2.Contracts;

public sealed record Created(long Id);
