namespace ZeroDowntime.Shop;

/// <summary>When a row read back (through either app version, or the database) holds what was written.</summary>
public static class ValueComparison
{
    /// <summary>
    /// Same order; the currency is compared only when both sides know it (version 1 neither sends nor
    /// returns one).
    /// </summary>
    public static bool SameOrder(OrderValues expected, OrderValues actual) =>
        expected.CustomerId == actual.CustomerId
        && expected.Quantity == actual.Quantity
        && expected.Note == actual.Note
        && (expected.Currency is null || actual.Currency is null || expected.Currency == actual.Currency);

    public static bool SameCustomer(CustomerValues expected, CustomerValues actual) => expected == actual;
}
