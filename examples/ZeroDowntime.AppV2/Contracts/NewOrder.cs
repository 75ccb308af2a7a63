namespace ZeroDowntime.AppV2.Contracts;

/// <summary>
/// The body of POST /orders. The JSON names stay those of version 1 (clients do not care that the column
/// is now delivery_note); the currency is new and defaults to euros.
/// </summary>
public sealed record NewOrder(long CustomerId, long Quantity, string? Note, string? Currency);
