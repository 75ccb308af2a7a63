using System.Collections.Concurrent;
using Npgsql;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Process;

/// <summary>
/// A release, black-box: ReleaseMigrations' release 1 applied with the installed tool, then release 2 (rename a column,
/// NOT NULL column with a default, index, foreign key, dropped column, renamed table, widened type) expanded by the
/// installed tool while an old-version client keeps writing and reading with the old names, then the new version
/// alongside it, then contract; the final schema and every row are checked.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
[Collection(InstalledToolCollection.Name)]
public class ToolReleaseTests(InstalledTool tool)
{
    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    [Fact]
    public async Task ExpandUnderOldVersionLoad_ThenContract_NoClientErrorAndFinalSchemaAndData()
    {
        var database = await TestPostgres.CreateDatabaseAsync("release");
        try
        {
            await ReleaseUnderOldVersionLoadAsync(tool, database, database);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    /// <summary>
    /// The whole scenario, the tool connecting through <paramref name="toolConnection"/> (the database itself, or a
    /// pooler in front of it) while the app versions and the checks connect to <paramref name="database"/> directly.
    /// </summary>
    internal static async Task ReleaseUnderOldVersionLoadAsync(InstalledTool tool, string database, string toolConnection)
    {
        await RunToolAsync(tool, "expand", "-a", Release, "-c", toolConnection);
        await RunToolAsync(tool, "contract", "-a", Release, "-c", toolConnection);
        await ExecuteAsync(database, """
            INSERT INTO customers (name, email, legacy_code) SELECT 'seed ' || g, 'seed' || g || '@example.com', 'L' || g FROM generate_series(1, 3000) g;
            INSERT INTO orders (customer_id, note) SELECT id, 'seed order' FROM customers;
            """);

        var errors = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var oldClient = Task.Run(() => OldVersionLoopAsync(database, errors, stop.Token));

        // The old version is busy before expand starts, during it, and after it (the overlap).
        await Task.Delay(500);
        var expand = await tool.RunAsync("expand", "-a", Release, "--tag", "release2", "-c", toolConnection, "--batch-size", "200");
        Assert.True(expand.ExitCode == ExitCodes.Success, expand.ToString());

        var newRows = await NewVersionWritesAndReadsAsync(database);
        await Task.Delay(500);
        stop.Cancel();
        var oldRows = await oldClient;

        Assert.True(errors.IsEmpty, "The old version failed during the release:\n" + string.Join("\n", errors.Take(10)));
        Assert.True(oldRows > 10, $"The old version made only {oldRows} round trip(s).");

        // A row the old version wrote during the overlap reads correctly through the new version's names.
        Assert.Equal(0L, await ScalarAsync<long>(database,
            "SELECT count(*) FROM customers WHERE name LIKE 'old %' AND (email_address IS DISTINCT FROM name || '@old.example' OR status <> 'active')"));
        // ... and a row the new version wrote reads through the old names.
        Assert.Equal(newRows, await ScalarAsync<long>(database, "SELECT count(*) FROM customers WHERE name LIKE 'new %' AND email = name || '@new.example'"));

        var contract = await tool.RunAsync("contract", "-a", Release, "--tag", "release2", "-c", toolConnection);
        Assert.True(contract.ExitCode == ExitCodes.Success, contract.ToString());

        await AssertFinalSchemaAsync(database);
        Assert.Equal(3000 + oldRows + newRows, await ScalarAsync<long>(database, "SELECT count(*) FROM customers"));
        Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM customers WHERE status IS DISTINCT FROM 'active' OR email_address IS NULL"));
        Assert.Equal("seed7@example.com", await ScalarAsync<string>(database, "SELECT email_address FROM customers WHERE name = 'seed 7'"));
        Assert.Equal(3000 + oldRows, await ScalarAsync<long>(database, "SELECT count(*) FROM purchases"));

        var status = await tool.RunAsync("status", "-a", Release, "--tag", "release2", "-c", toolConnection, "--format", "json");
        using var json = JsonShapes.AssertMatches(JsonShapes.Status, status.Output);
        Assert.All(json.RootElement.GetProperty("migrations").EnumerateArray(), m => Assert.Equal("contracted", m.GetProperty("phase").GetString()));
    }

    /// <summary>The old app version: inserts a customer with an email and a legacy code, an order for it, reads both back by the old names.</summary>
    private static async Task<long> OldVersionLoopAsync(string database, ConcurrentQueue<string> errors, CancellationToken stop)
    {
        var builder = new NpgsqlConnectionStringBuilder(database) { ApplicationName = "shop-v1", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        long rows = 0;
        while (!stop.IsCancellationRequested)
        {
            var name = $"old {rows}";
            try
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO customers (name, email, legacy_code) VALUES (@name, @name || '@old.example', 'L') RETURNING id", connection);
                insert.Parameters.AddWithValue("name", name);
                var id = (long)(await insert.ExecuteScalarAsync(CancellationToken.None))!;
                await using var order = new NpgsqlCommand("INSERT INTO orders (customer_id, note) VALUES (@id, 'old order') RETURNING id", connection);
                order.Parameters.AddWithValue("id", id);
                var orderId = (long)(await order.ExecuteScalarAsync(CancellationToken.None))!;

                await using var read = new NpgsqlCommand(
                    "SELECT c.name, c.email, c.legacy_code, o.note FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.id = @order", connection);
                read.Parameters.AddWithValue("order", orderId);
                await using var reader = await read.ExecuteReaderAsync(CancellationToken.None);
                if (!await reader.ReadAsync(CancellationToken.None) || reader.GetString(0) != name || reader.GetString(1) != name + "@old.example"
                    || reader.GetString(2) != "L" || reader.GetString(3) != "old order")
                {
                    errors.Enqueue($"{name}: read back wrong or missing");
                }

                rows++;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidCastException)
            {
                errors.Enqueue($"{name}: {e.Message}");
            }

            await Task.Delay(5, CancellationToken.None);
        }

        return rows;
    }

    /// <summary>The new app version, after expand: new names (email_address, status).</summary>
    private static async Task<long> NewVersionWritesAndReadsAsync(string database)
    {
        const int count = 20;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        for (var i = 0; i < count; i++)
        {
            var name = $"new {i}";
            await using var insert = new NpgsqlCommand(
                "INSERT INTO customers (name, email_address) VALUES (@name, @name || '@new.example') RETURNING id, status", connection);
            insert.Parameters.AddWithValue("name", name);
            await using (var reader = await insert.ExecuteReaderAsync())
            {
                Assert.True(await reader.ReadAsync());
                Assert.Equal("active", reader.GetString(1));
            }
        }

        return count;
    }

    internal static async Task AssertFinalSchemaAsync(string database)
    {
        var columns = new List<(string Name, string Type, bool NotNull)>();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
                WHERE attrelid = 'public.customers'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
            }
        }

        Assert.Equal(
            new[] { "email_address", "id", "name", "status" },
            columns.Select(c => c.Name).Order());
        Assert.Contains(("name", "character varying(300)", true), columns);
        Assert.Contains(("status", "character varying(20)", true), columns);
        Assert.Equal("'active'::character varying", await ScalarAsync<string>(database,
            "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'public.customers'::regclass AND a.attname = 'status'"));

        Assert.Equal("r", await ScalarAsync<string>(database, "SELECT relkind::text FROM pg_class WHERE oid = to_regclass('public.purchases')"));
        Assert.True(await ScalarAsync<bool>(database, "SELECT to_regclass('public.orders') IS NULL")); // the compatibility view is gone
        Assert.True(await ScalarAsync<bool>(database, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.ix_customers_name'::regclass"));
        Assert.True(await ScalarAsync<bool>(database, "SELECT convalidated FROM pg_constraint WHERE conname = 'fk_orders_customer' AND conrelid = 'public.purchases'::regclass"));
        // No SafeMigrate leftovers: sync triggers and shadow columns are gone.
        Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.customers'::regclass AND NOT tgisinternal"));
    }

    private static async Task RunToolAsync(InstalledTool tool, params string[] args)
    {
        var run = await tool.RunAsync(args);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
