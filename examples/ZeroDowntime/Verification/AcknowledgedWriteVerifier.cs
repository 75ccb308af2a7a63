using Npgsql;
using ZeroDowntime.Database;
using ZeroDowntime.Shop;
using ZeroDowntime.Traffic;

namespace ZeroDowntime.Verification;

/// <summary>
/// After a run, reads every row the traffic wrote straight from the database, through release 2's names
/// (orders.delivery_note, orders.currency, table clients), and compares it with the last acknowledged
/// write; then checks that every other seed row still holds its seed values (backfills included).
/// </summary>
public static class AcknowledgedWriteVerifier
{
    private const int KeptSamples = 5;

    public static async Task<VerificationResult> VerifyAsync(
        string connectionString, WriteLedger ledger, SeedData seed, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        var orders = await ReadAsync(connection,
            "SELECT id, customer_id, quantity, delivery_note, currency FROM orders WHERE id = ANY($1)",
            ledger.Orders.Keys.ToArray(),
            reader => new OrderValues(reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)),
            cancellationToken);
        var customers = await ReadAsync(connection,
            "SELECT id, name, email FROM clients WHERE id = ANY($1)",
            ledger.Customers.Keys.ToArray(),
            reader => new CustomerValues(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)),
            cancellationToken);

        var lostByPhase = new Dictionary<string, int>();
        var samples = new List<string>();
        long damagedSeedRows = 0;
        Compare(ledger.Orders, orders, ValueComparison.SameOrder, "order", lostByPhase, samples, ref damagedSeedRows);
        Compare(ledger.Customers, customers, ValueComparison.SameCustomer, "customer", lostByPhase, samples, ref damagedSeedRows);

        damagedSeedRows += await CountDamagedSeedRowsAsync(connection,
            "orders",
            $"t.customer_id = {SeedData.OrderCustomerSql} AND t.quantity = {SeedData.OrderQuantitySql} " +
            $"AND t.delivery_note IS NOT DISTINCT FROM {SeedData.OrderNoteSql} AND t.currency = '{SeedData.SeedCurrency}'",
            seed.Orders, ledger.Orders.Keys.ToArray(), seed, cancellationToken);
        damagedSeedRows += await CountDamagedSeedRowsAsync(connection,
            "clients",
            $"t.name = {SeedData.CustomerNameSql} AND t.email IS NOT DISTINCT FROM {SeedData.CustomerEmailSql}",
            seed.Customers, ledger.Customers.Keys.ToArray(), seed, cancellationToken);

        return new VerificationResult(
            ledger.Orders.Count + ledger.Customers.Count,
            ledger.AcknowledgedWrites,
            lostByPhase.Values.Sum(),
            lostByPhase,
            damagedSeedRows,
            samples);
    }

    private static void Compare<T>(
        Dictionary<long, RowExpectation<T>> expected,
        Dictionary<long, T> actual,
        Func<T, T, bool> same,
        string kind,
        Dictionary<string, int> lostByPhase,
        List<string> samples,
        ref long damagedSeedRows)
        where T : class
    {
        foreach (var (id, expectation) in expected)
        {
            var found = actual.GetValueOrDefault(id);
            if (found is not null && expectation.Allows(found, same))
            {
                continue;
            }

            if (samples.Count < KeptSamples)
            {
                samples.Add($"{kind} {id}: expected {expectation.Values}, found {found?.ToString() ?? "no row"}");
            }

            if (expectation.AcknowledgedInPhase is { } phase)
            {
                lostByPhase[phase] = lostByPhase.GetValueOrDefault(phase) + 1;
            }
            else
            {
                damagedSeedRows++;
            }
        }
    }

    private static async Task<Dictionary<long, T>> ReadAsync<T>(
        NpgsqlConnection connection, string sql, long[] ids, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new Dictionary<long, T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetInt64(0)] = read(reader);
        }

        return rows;
    }

    /// <summary>Seed rows (ids 1..count) not in <paramref name="touched"/> that are gone or differ from their formula.</summary>
    private static async Task<long> CountDamagedSeedRowsAsync(
        NpgsqlConnection connection, string table, string holdsSeedValues, long count, long[] touched, SeedData seed,
        CancellationToken cancellationToken)
    {
        // g is the name the seed formulas use for the id.
        await using var command = new NpgsqlCommand($"""
            SELECT @untouched - count(*) FILTER (WHERE {holdsSeedValues})
            FROM (SELECT *, id AS g FROM {table}) AS t
            WHERE t.id BETWEEN 1 AND @last AND t.id <> ALL(@touched)
            """, connection);
        command.Parameters.AddWithValue("last", count);
        command.Parameters.AddWithValue("untouched", count - touched.Count(id => id >= 1 && id <= count));
        command.Parameters.AddWithValue("touched", touched);
        command.Parameters.AddWithValue("customers", (long)seed.Customers);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
