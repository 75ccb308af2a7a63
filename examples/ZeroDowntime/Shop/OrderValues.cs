namespace ZeroDowntime.Shop;

/// <summary>What an order holds, whatever the columns are called in either release.</summary>
/// <param name="Currency">Null where it is unknown: version 1 neither writes nor reads a currency.</param>
public sealed record OrderValues(long CustomerId, long Quantity, string? Note, string? Currency);
