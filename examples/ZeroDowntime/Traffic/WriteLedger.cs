namespace ZeroDowntime.Traffic;

/// <summary>
/// Every row the traffic wrote or read back, with what it must hold. Each worker keeps its own ledger of
/// the rows only it touches, so the expectations never race; the ledgers are merged at the end.
/// </summary>
public sealed class WriteLedger
{
    public Dictionary<long, RowExpectation<Shop.OrderValues>> Orders { get; } = [];

    public Dictionary<long, RowExpectation<Shop.CustomerValues>> Customers { get; } = [];

    public int AcknowledgedWrites =>
        Orders.Values.Sum(order => order.AcknowledgedWrites) + Customers.Values.Sum(customer => customer.AcknowledgedWrites);

    public static WriteLedger Merge(IEnumerable<WriteLedger> ledgers)
    {
        var merged = new WriteLedger();
        foreach (var ledger in ledgers)
        {
            foreach (var (id, order) in ledger.Orders)
            {
                merged.Orders.Add(id, order);
            }

            foreach (var (id, customer) in ledger.Customers)
            {
                merged.Customers.Add(id, customer);
            }
        }

        return merged;
    }
}
