using System.Diagnostics;
using Npgsql;

namespace ZeroDowntime.Database;

/// <summary>Fills release 1's tables with the seed rows, fast: one INSERT … SELECT over generate_series per table.</summary>
public static class ShopSeeder
{
    public static async Task<TimeSpan> SeedAsync(string connectionString, SeedData seed, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // Explicit ids (so that the traffic knows them), then the identity sequences moved past them.
        await ExecuteAsync(connection, $"""
            INSERT INTO customers (id, name, email) OVERRIDING SYSTEM VALUE
            SELECT g, {SeedData.CustomerNameSql}, {SeedData.CustomerEmailSql} FROM generate_series(1, @customers) AS g;
            SELECT setval(pg_get_serial_sequence('customers', 'id'), @customers);
            """, seed, cancellationToken);
        await ExecuteAsync(connection, $"""
            INSERT INTO orders (id, customer_id, quantity, note, created_at) OVERRIDING SYSTEM VALUE
            SELECT g, {SeedData.OrderCustomerSql}, {SeedData.OrderQuantitySql}, {SeedData.OrderNoteSql}, now() - g * interval '1 minute'
            FROM generate_series(1, @orders) AS g;
            SELECT setval(pg_get_serial_sequence('orders', 'id'), @orders);
            """, seed, cancellationToken);
        await ExecuteAsync(connection, "ANALYZE customers; ANALYZE orders;", seed, cancellationToken);
        return stopwatch.Elapsed;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, SeedData seed, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("customers", (long)seed.Customers);
        command.Parameters.AddWithValue("orders", (long)seed.Orders);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
