namespace ZeroDowntime.AppV1.Contracts;

/// <summary>The body of POST /orders. Version 1 has no currency: every order is in euros.</summary>
public sealed record NewOrder(long CustomerId, int Quantity, string? Note);
