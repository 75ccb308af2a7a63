using Npgsql;
using SafeMigrate.Execution;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Cli.Tests.Process;

/// <summary>Every exit code of the design, from the installed tool run as a process against a real PostgreSQL.</summary>
[Collection(InstalledToolCollection.Name)]
public class ToolExitCodeTests(InstalledTool tool)
{
    private const string Password = "s3cret-Pa55word";

    private static readonly System.Text.RegularExpressions.Regex StackFrame = new(@"(?m)^\s+at \S+\(");

    [Fact]
    public async Task Check_ReleaseItCanMakeSafe_ExitZero()
    {
        var run = await tool.RunAsync("check", "-a", FixtureAssemblies.SampleMigrations, "-p", "postgres");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("check passed", run.Output);
    }

    [Fact]
    public async Task Check_ReleaseItCannotMakeSafe_ExitOne()
    {
        var run = await tool.RunAsync("check", "-a", FixtureAssemblies.Get("RefusedMigrations"), "-p", "postgres");
        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("check failed", run.Output);
    }

    [Fact]
    public async Task ContractBeforeExpand_RefusedForTheDatabasesState_ExitOne()
    {
        var database = await TestPostgres.CreateDatabaseAsync("contractfirst");
        try
        {
            var run = await tool.RunAsync("contract", "-a", FixtureAssemblies.SampleMigrations, "-c", database);
            Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
            Assert.Contains("run expand first", run.Error);
            Assert.Equal("", run.Output);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Theory]
    [InlineData("check", "-a", "/nonexistent/Migrations.dll")]
    [InlineData("plan", "--no-such-option")]
    [InlineData("check", "-a", "{NoMigrations}")]
    [InlineData("check", "-a", "{Sample}", "-p", "oracle")]
    [InlineData("check", "-a", "{Sample}")]
    [InlineData("plan", "-a", "{Sample}")]
    [InlineData("plan", "-a", "", "-p", "postgres")]
    [InlineData("expand", "-a", "", "-c", "Host=localhost")]
    [InlineData("status", "-a", "   ", "-c", "Host=localhost")]
    [InlineData("expand", "-a", "{Sample}")]
    [InlineData("expand", "-a", "{Sample}", "-c", "Host=localhost;Password=" + Password + ";Bogus Keyword=1")]
    [InlineData("expand", "-a", "{Sample}", "-c", "Host=localhost", "--batch-size", "0")]
    [InlineData("contract", "-a", "{Sample}", "-c", "Host=localhost", "--batch-target-ms", "-1")]
    public async Task BadInput_OneErrorLine_ExitTwo(params string[] args)
    {
        var resolved = args.Select(a => a.Replace("{NoMigrations}", FixtureAssemblies.NoMigrations).Replace("{Sample}", FixtureAssemblies.SampleMigrations)).ToArray();
        var run = await tool.RunAsync(resolved);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.DoesNotMatch(StackFrame, run.Error);
        Assert.DoesNotContain(Password, run.Output + run.Error);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("check")]
    [InlineData("plan")]
    [InlineData("expand")]
    [InlineData("contract")]
    [InlineData("rollback", "--yes")]
    public async Task UnreachableServer_ExitThree_NoStackTraceNoPassword(string command, string? extra = null)
    {
        string[] args = [command, "-a", FixtureAssemblies.SampleMigrations, "-c", $"Host=127.0.0.1;Port=1;Username=app;Password={Password};Database=shop;Timeout=3"];
        var run = await tool.RunAsync(extra is null ? args : [.. args, extra]);

        Assert.True(run.ExitCode == ExitCodes.DatabaseFailure, run.ToString());
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("Cannot connect", line);
        Assert.DoesNotMatch(StackFrame, run.Error);
        Assert.DoesNotContain(Password, run.Output + run.Error);
    }

    [Fact]
    public async Task UnreachableServerVerbose_StackTraceButNoPassword()
    {
        var run = await tool.RunAsync("check", "--verbose", "-a", FixtureAssemblies.SampleMigrations,
            "-c", $"Host=127.0.0.1;Port=1;Username=app;Password={Password};Database=shop;Timeout=3");

        Assert.True(run.ExitCode == ExitCodes.DatabaseFailure, run.ToString());
        Assert.Matches(StackFrame, run.Error);
        Assert.DoesNotContain(Password, run.Output + run.Error);
    }

    [Fact]
    public async Task MigrationLockHeldByAnotherSession_ExitFour()
    {
        var database = await TestPostgres.CreateDatabaseAsync("heldlock");
        try
        {
            await using var holder = new NpgsqlConnection(database);
            await holder.OpenAsync();
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresMigrationLock.Key})", holder))
            {
                await take.ExecuteScalarAsync();
            }

            foreach (var command in new[] { "expand", "contract" })
            {
                var run = await tool.RunAsync(command, "-a", FixtureAssemblies.SampleMigrations, "-c", database);
                Assert.True(run.ExitCode == ExitCodes.Blocked, run.ToString());
                Assert.Contains("holds the migration lock", run.Error);
            }

            // Once the other run is gone, the same command goes through.
            await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresMigrationLock.Key})", holder))
            {
                await release.ExecuteScalarAsync();
            }

            var again = await tool.RunAsync("expand", "-a", FixtureAssemblies.SampleMigrations, "--tag", "core", "-c", database);
            Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task LockTimeoutRetriesExhausted_ExitFour()
    {
        var release = FixtureAssemblies.Get("ReleaseMigrations");
        var database = await TestPostgres.CreateDatabaseAsync("locktimeout");
        try
        {
            var first = await tool.RunAsync("expand", "-a", release, "-c", database);
            Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());

            // An application transaction reads customers and stays open: the rename's ADD COLUMN never gets its lock.
            await using var app = new NpgsqlConnection(database);
            await app.OpenAsync();
            await using var transaction = await app.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand("LOCK TABLE customers IN ACCESS SHARE MODE", app, transaction))
            {
                await hold.ExecuteNonQueryAsync();
            }

            var run = await tool.RunAsync("expand", "-a", release, "--tag", "release2", "-c", database, "--lock-timeout", "50", "--lock-retries", "2");
            Assert.True(run.ExitCode == ExitCodes.Blocked, run.ToString());
            Assert.Contains("lock not granted", run.Error);
            Assert.Contains("was not granted within 50 ms, 2 times", run.Error);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }
}
