using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ZeroDowntime.Shop;

/// <summary>
/// The shop's HTTP API, as its clients call it. The API is the same for both app versions (v2 adds a
/// currency); what changes between them is only how they store it.
/// </summary>
public sealed class ShopClient(HttpClient http)
{
    /// <summary>A request that takes longer than this counts as failed, as a user's browser would give up.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private const int MaxReasonLength = 140;

    public Task<ShopResponse<long>> CreateOrderAsync(OrderValues order, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/orders",
            new { customerId = order.CustomerId, quantity = order.Quantity, note = order.Note, currency = order.Currency },
            ReadId, cancellationToken);

    public Task<ShopResponse<OrderValues>> GetOrderAsync(long id, CancellationToken cancellationToken) =>
        SendAsync<OrderValues>(HttpMethod.Get, $"/orders/{id}", body: null, json => new OrderValues(
            json.GetProperty("customerId").GetInt64(),
            json.GetProperty("quantity").GetInt64(),
            StringOrNull(json, "note"),
            StringOrNull(json, "currency")), cancellationToken);

    public Task<ShopResponse<bool>> UpdateOrderAsync(long id, long quantity, string? note, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"/orders/{id}", new { quantity, note }, _ => true, cancellationToken);

    public Task<ShopResponse<long>> CreateCustomerAsync(CustomerValues customer, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/customers", new { name = customer.Name, email = customer.Email }, ReadId, cancellationToken);

    public Task<ShopResponse<CustomerValues>> GetCustomerAsync(long id, CancellationToken cancellationToken) =>
        SendAsync<CustomerValues>(HttpMethod.Get, $"/customers/{id}", body: null, json => new CustomerValues(
            json.GetProperty("name").GetString()!,
            StringOrNull(json, "email")), cancellationToken);

    public Task<ShopResponse<bool>> UpdateCustomerAsync(long id, CustomerValues customer, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"/customers/{id}", new { name = customer.Name, email = customer.Email }, _ => true, cancellationToken);

    private async Task<ShopResponse<T>> SendAsync<T>(
        HttpMethod method, string path, object? body, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var version = response.Headers.TryGetValues("X-App-Version", out var values) && int.TryParse(values.First(), out var v)
                ? v
                : (int?)null;
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return new ShopResponse<T>(default, version, Describe(response.StatusCode, text));
            }

            if (response.StatusCode == HttpStatusCode.NoContent || text.Length == 0)
            {
                return new ShopResponse<T>(read(default), version, null);
            }

            using var json = JsonDocument.Parse(text);
            return new ShopResponse<T>(read(json.RootElement), version, null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A 2xx whose body is not what the API promises is a failure too.
            return new ShopResponse<T>(default, null, Shorten($"unreadable answer: {e.Message}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ShopResponse<T>(default, null, $"no answer within {RequestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return new ShopResponse<T>(default, null, Shorten($"connection failed: {e.Message}"));
        }
    }

    private static long ReadId(JsonElement json) => json.GetProperty("id").GetInt64();

    private static string? StringOrNull(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The status and, for an app's 500, the database's message (its first line: no positions, no ids).</summary>
    private static string Describe(HttpStatusCode status, string body)
    {
        var code = (int)status;
        if (code == 502 || code == 503 || code == 504)
        {
            return $"HTTP {code} from the proxy: the app did not answer";
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error))
            {
                return Shorten($"HTTP {code}: {error.GetString()?.Split('\n')[0]}");
            }
        }
        catch (JsonException)
        {
        }

        return $"HTTP {code}";
    }

    private static string Shorten(string text) => text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "…";
}
