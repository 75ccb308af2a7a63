using Npgsql;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests;

/// <summary>A database with release 1 of the ReleaseMigrations fixture and rows to backfill, for tests that watch a running release 2.</summary>
internal static class ReleaseRuns
{
    public static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    /// <summary>Release 1 (customers, orders), then 3000 customers with an order each.</summary>
    public static async Task ReleaseOneWithRowsAsync(string database)
    {
        foreach (var command in new[] { "expand", "contract" })
        {
            var run = await CliRun.InvokeAsync(command, "-a", Release, "-c", database);
            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        }

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var seed = new NpgsqlCommand("""
            INSERT INTO customers (name, email, legacy_code) SELECT 'seed ' || g, 'seed' || g || '@example.com', 'L' || g FROM generate_series(1, 3000) g;
            INSERT INTO orders (customer_id, note) SELECT id, 'seed order' FROM customers;
            ANALYZE customers;
            """, connection);
        await seed.ExecuteNonQueryAsync();
    }

    public static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A stderr that starts an action, once, when a line containing its marker is written.</summary>
    public sealed class ActOnWrite(Dictionary<string, Func<Task>> actions, List<Task> started) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            foreach (var (marker, action) in actions.ToList())
            {
                if (value?.Contains(marker, StringComparison.Ordinal) == true)
                {
                    actions.Remove(marker);
                    lock (started)
                    {
                        started.Add(Task.Run(action));
                    }
                }
            }
        }
    }
}
