using ZeroDowntime.Shop;

namespace ZeroDowntime.Database;

/// <summary>
/// The rows that exist before the release, as formulas of their id: the seeder writes them with one
/// INSERT … SELECT per table, and the traffic knows what an untouched row must read back.
/// </summary>
public sealed record SeedData(int Orders)
{
    /// <summary>A customer for every ten orders.</summary>
    public int Customers => Math.Max(10, Orders / 10);

    public OrderValues Order(long id) => new(CustomerOf(id), QuantityOf(id), NoteOf(id), SeedCurrency);

    public CustomerValues Customer(long id) => new($"Customer {id}", $"customer{id}@example.com");

    /// <summary>Release 2 backfills existing orders with its default, euros.</summary>
    public const string SeedCurrency = "EUR";

    // The SQL expressions below compute exactly these values for g = id.
    public long CustomerOf(long id) => id % Customers + 1;

    public static long QuantityOf(long id) => id % 50 + 1;

    public static string NoteOf(long id) => $"seed note {id}";

    public const string OrderCustomerSql = "g % @customers + 1";
    public const string OrderQuantitySql = "g % 50 + 1";
    public const string OrderNoteSql = "'seed note ' || g";
    public const string CustomerNameSql = "'Customer ' || g";
    public const string CustomerEmailSql = "'customer' || g || '@example.com'";
}
