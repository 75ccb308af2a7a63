namespace ZeroDowntime.Shop;

/// <summary>The outcome of one request to the shop, as a client sees it.</summary>
/// <param name="Value">The answer's content when it succeeded (null for a 204).</param>
/// <param name="AppVersion">The app version that answered (its X-App-Version header), when known.</param>
/// <param name="Failure">Why the request failed, in one line; null when it succeeded.</param>
public sealed record ShopResponse<T>(T? Value, int? AppVersion, string? Failure)
{
    public bool Succeeded => Failure is null;
}
