namespace ZeroDowntime.AppV1.Contracts;

public sealed record OrderView(long Id, long CustomerId, int Quantity, string? Note);
