namespace ZeroDowntime.AppV2.Contracts;

/// <summary>The body of PUT /orders/{id}.</summary>
public sealed record OrderChange(long Quantity, string? Note);
