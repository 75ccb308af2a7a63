namespace ZeroDowntime.AppV2.Contracts;

/// <summary>The body of POST /customers and PUT /customers/{id}.</summary>
public sealed record NewCustomer(string Name, string? Email);
