namespace ZeroDowntime.Shop;

public sealed record CustomerValues(string Name, string? Email);
