using System.Diagnostics;
using ZeroDowntime.Database;
using ZeroDowntime.Shop;

namespace ZeroDowntime.Traffic;

/// <summary>
/// One client of the shop: sends a request, waits for the answer, sends the next (a closed loop, so the
/// load stays bounded). It creates, reads and updates orders and customers, only rows it owns (seed rows
/// whose id falls in its share, and those it created), so that it knows what each must hold: every read
/// is checked against the last acknowledged write.
/// </summary>
public sealed class TrafficWorker
{
    private static readonly string[] Currencies = ["EUR", "USD", "GBP"];

    private readonly int _index;
    private readonly int _workerCount;
    private readonly ShopClient _client;
    private readonly SeedData _seed;
    private readonly Random _random;
    private readonly List<long> _createdOrders = [];
    private readonly List<long> _createdCustomers = [];
    private int _sequence;

    public TrafficWorker(int index, int workerCount, ShopClient client, SeedData seed)
    {
        _index = index;
        _workerCount = workerCount;
        _client = client;
        _seed = seed;
        // A fixed seed per worker: both runs send the same kind of traffic.
        _random = new Random(7919 * (index + 1));
    }

    public WriteLedger Ledger { get; } = new();

    /// <summary>Sends requests until <paramref name="stopping"/> says so, each counted in the phase current when it was sent.</summary>
    public async Task RunAsync(Func<PhaseRecorder> currentPhase, Func<bool> stopping, CancellationToken cancellationToken)
    {
        while (!stopping())
        {
            var phase = currentPhase();
            var started = Stopwatch.GetTimestamp();
            var outcome = await SendOneAsync(phase, cancellationToken);
            var latencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (outcome.Failure is null)
            {
                phase.Succeeded(latencyMs, outcome.IsWrite, outcome.AppVersion);
            }
            else
            {
                phase.Failed(latencyMs, outcome.Failure, outcome.AppVersion);
            }
        }
    }

    private Task<RequestOutcome> SendOneAsync(PhaseRecorder phase, CancellationToken cancellationToken)
    {
        _sequence++;
        var roll = _random.Next(100);
        return roll switch
        {
            < 25 => CreateOrderAsync(phase, cancellationToken),
            < 55 => ReadOrderAsync(phase, cancellationToken),
            < 75 => UpdateOrderAsync(phase, cancellationToken),
            < 80 => CreateCustomerAsync(phase, cancellationToken),
            < 90 => ReadCustomerAsync(phase, cancellationToken),
            _ => UpdateCustomerAsync(phase, cancellationToken),
        };
    }

    private async Task<RequestOutcome> CreateOrderAsync(PhaseRecorder phase, CancellationToken cancellationToken)
    {
        var order = new OrderValues(
            1 + _random.NextInt64(_seed.Customers),
            1 + _random.Next(10_000),
            NewNote(),
            Currencies[_random.Next(Currencies.Length)]);
        var response = await _client.CreateOrderAsync(order, cancellationToken);
        if (!response.Succeeded)
        {
            return new RequestOutcome(response.Failure, true, response.AppVersion);
        }

        // Version 1 knows no currency: the database gives its orders the default, euros.
        var stored = order with { Currency = response.AppVersion switch { 1 => SeedData.SeedCurrency, 2 => order.Currency, _ => null } };
        Ledger.Orders[response.Value] = new RowExpectation<OrderValues>(response.Value, stored, phase.Name);
        _createdOrders.Add(response.Value);
        return new RequestOutcome(null, true, response.AppVersion);
    }

    private async Task<RequestOutcome> ReadOrderAsync(PhaseRecorder phase, CancellationToken cancellationToken)
    {
        var id = PickOrder();
        var response = await _client.GetOrderAsync(id, cancellationToken);
        if (!response.Succeeded)
        {
            return new RequestOutcome(response.Failure, false, response.AppVersion);
        }

        var expected = Ledger.Orders.GetValueOrDefault(id) ?? new RowExpectation<OrderValues>(id, _seed.Order(id), null);
        return new RequestOutcome(
            expected.Allows(response.Value!, ValueComparison.SameOrder)
                ? null
                : Mismatch(phase, $"order {id}", expected.Values, response.Value!, response.AppVersion),
            false,
            response.AppVersion);
    }

    private async Task<RequestOutcome> UpdateOrderAsync(PhaseRecorder phase, CancellationToken cancellationToken)
    {
        var id = PickOrder();
        var expectation = Ledger.Orders.GetValueOrDefault(id);
        if (expectation is null)
        {
            expectation = new RowExpectation<OrderValues>(id, _seed.Order(id), null);
            Ledger.Orders[id] = expectation;
        }

        var changed = expectation.Values with { Quantity = 1 + _random.Next(10_000), Note = NewNote() };
        var response = await _client.UpdateOrderAsync(id, changed.Quantity, changed.Note, cancellationToken);
        if (response.Succeeded)
        {
            expectation.Acknowledge(changed, phase.Name);
        }
        else
        {
            expectation.AttemptFailed(changed);
        }

        return new RequestOutcome(response.Failure, true, response.AppVersion);
    }

    private async Task<RequestOutcome> CreateCustomerAsync(PhaseRecorder phase, CancellationToken cancellationToken)
    {
        var customer = NewCustomer();
        var response = await _client.CreateCustomerAsync(customer, cancellationToken);
        if (!response.Succeeded)
        {
            return new RequestOutcome(response.Failure, true, response.AppVersion);
        }

        Ledger.Customers[response.Value] = new RowExpectation<CustomerValues>(response.Value, customer, phase.Name);
        _createdCustomers.Add(response.Value);
        return new RequestOutcome(null, true, response.AppVersion);
    }

    private async Task<RequestOutcome> ReadCustomerAsync(PhaseRecorder phase, CancellationToken cancellationToken)
    {
        if (PickCustomer() is not { } id)
        {
            return await CreateCustomerAsync(phase, cancellationToken);
        }

        var response = await _client.GetCustomerAsync(id, cancellationToken);
        if (!response.Succeeded)
        {
            return new RequestOutcome(response.Failure, false, response.AppVersion);
        }

        var expected = Ledger.Customers.GetValueOrDefault(id) ?? new RowExpectation<CustomerValues>(id, _seed.Customer(id), null);
        return new RequestOutcome(
            expected.Allows(response.Value!, ValueComparison.SameCustomer)
                ? null
                : Mismatch(phase, $"customer {id}", expected.Values, response.Value!, response.AppVersion),
            false,
            response.AppVersion);
    }

    private async Task<RequestOutcome> UpdateCustomerAsync(PhaseRecorder phase, CancellationToken cancellationToken)
    {
        if (PickCustomer() is not { } id)
        {
            return await CreateCustomerAsync(phase, cancellationToken);
        }

        var expectation = Ledger.Customers.GetValueOrDefault(id);
        if (expectation is null)
        {
            expectation = new RowExpectation<CustomerValues>(id, _seed.Customer(id), null);
            Ledger.Customers[id] = expectation;
        }

        var changed = NewCustomer();
        var response = await _client.UpdateCustomerAsync(id, changed, cancellationToken);
        if (response.Succeeded)
        {
            expectation.Acknowledge(changed, phase.Name);
        }
        else
        {
            expectation.AttemptFailed(changed);
        }

        return new RequestOutcome(response.Failure, true, response.AppVersion);
    }

    /// <summary>Half the time an order this worker created, else a seed order of its share (there are more orders than workers).</summary>
    private long PickOrder()
    {
        if (_createdOrders.Count > 0 && _random.Next(2) == 0)
        {
            return _createdOrders[_random.Next(_createdOrders.Count)];
        }

        return PickOwnedSeedId(_seed.Orders)!.Value;
    }

    private long? PickCustomer()
    {
        if (_createdCustomers.Count > 0 && _random.Next(2) == 0)
        {
            return _createdCustomers[_random.Next(_createdCustomers.Count)];
        }

        return PickOwnedSeedId(_seed.Customers) ?? (_createdCustomers.Count > 0 ? _createdCustomers[^1] : null);
    }

    /// <summary>A seed id of this worker's share: ids 1..count whose (id - 1) % workers is this worker's index.</summary>
    private long? PickOwnedSeedId(long count)
    {
        if (_index >= count)
        {
            return null;
        }

        var owned = (count - 1 - _index) / _workerCount + 1;
        return _index + 1 + _workerCount * _random.NextInt64(owned);
    }

    private string? NewNote() => _random.Next(8) == 0 ? null : $"leave at door {_index}-{_sequence}";

    private CustomerValues NewCustomer() =>
        new($"Client {_index}-{_sequence}", _random.Next(5) == 0 ? null : $"client{_index}.{_sequence}@example.com");

    /// <summary>Counts a wrong read as a failed request; the first few of a phase are described in its notes.</summary>
    private static string Mismatch(PhaseRecorder phase, string row, object expected, object actual, int? version)
    {
        phase.NoteSample($"{row} read through v{version?.ToString() ?? "?"} as {actual}, expected {expected}");
        return "read returned other values than the last acknowledged write";
    }
}
