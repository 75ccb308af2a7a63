namespace ZeroDowntime.AppV1.Contracts;

/// <summary>The body of PUT /orders/{id}.</summary>
public sealed record OrderChange(int Quantity, string? Note);
