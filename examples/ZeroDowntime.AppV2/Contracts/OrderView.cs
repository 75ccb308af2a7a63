namespace ZeroDowntime.AppV2.Contracts;

public sealed record OrderView(long Id, long CustomerId, long Quantity, string? Note, string Currency);
