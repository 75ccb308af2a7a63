using System.Text.Json;
using Npgsql;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary>
/// State the tool cannot act on, written with SQL into a release it expanded: expand, contract and rollback exit 1 with
/// one line and change nothing; status shows what is wrong.
/// </summary>
public class InvalidStateTests
{
    private static readonly string Sample = FixtureAssemblies.SampleMigrations;

    private const string UnknownPhase =
        "ALTER TABLE safe_migrate.migration_state DROP CONSTRAINT migration_state_phase_check; UPDATE safe_migrate.migration_state SET phase = 'foo' WHERE version = 3";

    [Theory]
    [InlineData("expand")]
    [InlineData("contract")]
    [InlineData("rollback", "--yes")]
    public async Task UnknownPhase_ExitOne_OneLine_NothingChanged(string command, string? extra = null)
    {
        var database = await ExpandedReleaseAsync(UnknownPhase);
        try
        {
            var before = await DatabaseDump.ReadAsync(database);
            string[] args = [command, "-a", Sample, "--tag", "core", "-c", database];

            var run = await CliRun.InvokeAsync(extra is null ? args : [.. args, extra]);

            Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
            Assert.StartsWith("error: Migration 3 has phase 'foo' in safe_migrate.migration_state", ErrorLine(run));
            Assert.Equal(before, await DatabaseDump.ReadAsync(database));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task UnknownPhase_StatusShowsIt()
    {
        var database = await ExpandedReleaseAsync(UnknownPhase);
        try
        {
            var text = await CliRun.InvokeAsync("status", "-a", Sample, "--tag", "core", "-c", database);
            var json = await CliRun.InvokeAsync("status", "-a", Sample, "--tag", "core", "-c", database, "--format", "json");

            Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
            Assert.Matches(@"(?m)^\s*3\s+unknown \('foo'\)\s+AddCustomerStatus  \(phase unknown to this version: other commands refuse to run\)$", text.Output);
            Assert.Matches(@"(?m)^\s*2\s+expanded\s+Index customers by name$", text.Output);
            using var document = JsonDocument.Parse(json.Output);
            var three = document.RootElement.GetProperty("migrations").EnumerateArray().Single(m => m.GetProperty("version").GetInt64() == 3);
            Assert.Equal("unknown", three.GetProperty("phase").GetString());
            Assert.Equal("foo", three.GetProperty("storedPhase").GetString());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task InProgressMigrationNotGiven_ContractExitOne_StatusListsIt()
    {
        // Migration 4 is tagged: without --tag core it is not among the given migrations, though expanded.
        var database = await ExpandedReleaseAsync("SELECT 1");
        try
        {
            var before = await DatabaseDump.ReadAsync(database);

            var contract = await CliRun.InvokeAsync("contract", "-a", Sample, "-c", database);
            var status = await CliRun.InvokeAsync("status", "-a", Sample, "-c", database);

            Assert.True(contract.ExitCode == ExitCodes.Refused, contract.ToString());
            Assert.StartsWith("error: Migration(s) 4 (expanded) are in progress in this database but not among the given migrations", ErrorLine(contract));
            Assert.Contains("left out by --tag", ErrorLine(contract));
            Assert.Equal(before, await DatabaseDump.ReadAsync(database));
            Assert.Matches(@"(?m)^\s*4\s+expanded\s+Rename email column  \(not in the assembly, in progress: expand, contract and rollback refuse to run\)$", status.Output);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task UnreadableCheckpoint_RollbackExitOne_NothingChanged()
    {
        var database = await ExpandedReleaseAsync(
            "UPDATE safe_migrate.step_state SET status = 'running', checkpoint = 'not a checkpoint' WHERE version = 3 AND checkpoint IS NOT NULL");
        try
        {
            var before = await DatabaseDump.ReadAsync(database);

            var run = await CliRun.InvokeAsync("rollback", "--yes", "-a", Sample, "--tag", "core", "-c", database);

            Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
            Assert.StartsWith("error: The backfill checkpoint of migration 3, expand step", ErrorLine(run));
            Assert.Equal(before, await DatabaseDump.ReadAsync(database));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    private static string ErrorLine(CliRun run) =>
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));

    /// <summary>
    /// A database where migration 1 was applied by plain FluentMigrator and the sample's 2, 3 and 4 are expanded (3 has a
    /// backfill, so a checkpoint), then <paramref name="corruption"/> run.
    /// </summary>
    private static async Task<string> ExpandedReleaseAsync(string corruption)
    {
        var database = await TestPostgres.CreateDatabaseAsync("invalidstate");
        await ExecuteAsync(database, """
            CREATE TABLE "VersionInfo" ("Version" bigint NOT NULL, "AppliedOn" timestamp, "Description" varchar(1024));
            INSERT INTO "VersionInfo" VALUES (1, now(), 'Create customers');
            CREATE TABLE customers (id integer PRIMARY KEY, name varchar(200) NOT NULL, email varchar(320));
            INSERT INTO customers SELECT g, 'name' || g, 'c' || g || '@example.com' FROM generate_series(1, 5) g;
            """);
        var expand = await CliRun.InvokeAsync("expand", "-a", Sample, "--tag", "core", "-c", database);
        Assert.True(expand.ExitCode == ExitCodes.Success, expand.ToString());
        await ExecuteAsync(database, corruption);
        return database;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
