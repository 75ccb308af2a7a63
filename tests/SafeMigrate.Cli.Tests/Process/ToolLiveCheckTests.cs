using System.Text.Json;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Process;

/// <summary>check with a connection: what only the live database shows, from the installed tool.</summary>
[Collection(InstalledToolCollection.Name)]
public class ToolLiveCheckTests(InstalledTool tool)
{
    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    [Fact]
    public async Task LargeTables_NoteWithRowEstimate_StillPasses()
    {
        await WithReleaseOneAsync("largetables", async database =>
        {
            await ExecuteAsync(database, """
                INSERT INTO customers (name, email) SELECT 'c' || g, 'c' || g || '@example.com' FROM generate_series(1, 5000) g;
                INSERT INTO orders (customer_id, note) SELECT id, 'n' FROM customers;
                ANALYZE customers; ANALYZE orders;
                """);

            var run = await tool.RunAsync("check", "-a", Release, "--tag", "release2", "-c", database, "--format", "json", "--large-table-rows", "1000");

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            using var json = JsonShapes.AssertMatches(JsonShapes.Check, run.Output);
            var notes = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
            Assert.All(notes, f => Assert.Equal(("SM5104", "note"), (f.GetProperty("ruleId").GetString(), f.GetProperty("severity").GetString())));
            // The rename's backfill (2), the index build (4) and the foreign key's validation (5); the varchar widening (8)
            // runs in place, catalog only: nothing to scan.
            Assert.Equal([2L, 4L, 5L], notes.Select(f => f.GetProperty("migration").GetInt64()));
            Assert.Contains("~5,000 rows", notes[0].GetProperty("message").GetString());

            var quiet = await tool.RunAsync("check", "-a", Release, "--tag", "release2", "-c", database, "--format", "json");
            using var defaults = JsonShapes.AssertMatches(JsonShapes.Check, quiet.Output);
            Assert.Empty(defaults.RootElement.GetProperty("findings").EnumerateArray()); // below the default threshold
        });
    }

    [Fact]
    public async Task InterruptedExpand_Warning_StillPasses()
    {
        await WithReleaseOneAsync("interrupted", async database =>
        {
            await ExecuteAsync(database, """
                INSERT INTO safe_migrate.migration_state (version, description, phase) VALUES (2, 'Rename customers.email to email_address', 'expanding');
                INSERT INTO safe_migrate.step_state (version, phase, step_index, description, status) VALUES
                  (2, 'expand', 0, 'add column', 'done'), (2, 'expand', 1, 'sync trigger', 'done'), (2, 'expand', 2, 'copy email in batches', 'running');
                """);

            var run = await tool.RunAsync("check", "-a", Release, "--tag", "release2", "-c", database, "--format", "github");

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            var annotation = Assert.Single(run.Output.Split('\n'), l => l.StartsWith("::", StringComparison.Ordinal));
            Assert.StartsWith("::warning title=SM5102::Migration 2: a previous expand stopped half-way after 2 step(s), in the middle of 'copy email in batches'", annotation);
        });
    }

    [Fact]
    public async Task ExpandedMigrationMissingFromTheAssembly_ErrorExitOne()
    {
        await WithReleaseOneAsync("contradiction", async database =>
        {
            await ExecuteAsync(database, "INSERT INTO safe_migrate.migration_state (version, description, phase) VALUES (42, 'From another build', 'expanded');");

            var run = await tool.RunAsync("check", "-a", Release, "--tag", "release2", "-c", database, "--format", "json");

            Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
            using var json = JsonShapes.AssertMatches(JsonShapes.Check, run.Output);
            var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal("SM5103", finding.GetProperty("ruleId").GetString());
            Assert.Equal(42, finding.GetProperty("migration").GetInt64());
        });
    }

    [Fact]
    public async Task HalfDoneRollback_ErrorExitOne()
    {
        await WithReleaseOneAsync("rollingback", async database =>
        {
            await ExecuteAsync(database, "INSERT INTO safe_migrate.migration_state (version, description, phase) VALUES (3, 'Add customers.status', 'rolling_back');");

            var run = await tool.RunAsync("check", "-a", Release, "--tag", "release2", "-c", database);

            Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
            Assert.Contains("error SM5102: Migration 3: a previous rollback stopped half-way", run.Output);
            Assert.Contains("live, PostgreSQL ", run.Output);
        });
    }

    /// <summary>A fresh database with release 1 expanded and contracted by the tool.</summary>
    private async Task WithReleaseOneAsync(string hint, Func<string, Task> test)
    {
        var database = await TestPostgres.CreateDatabaseAsync(hint);
        try
        {
            foreach (var command in new[] { "expand", "contract" })
            {
                var run = await tool.RunAsync(command, "-a", Release, "-c", database);
                Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            }

            await test(database);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
