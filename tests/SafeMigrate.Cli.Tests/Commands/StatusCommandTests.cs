using System.Text.Json;
using SafeMigrate.Connections;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Cli.Tests.Commands;

public class StatusCommandTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Password = "hunter22-secret";

    private static readonly string Sample = FixtureAssemblies.SampleMigrations;

    [Fact]
    public async Task Json_FreshDatabase_EveryMigrationPending()
    {
        var run = await CliRun.InvokeAsync("status", "-a", Sample, "--tag", "core", "-c", database.ConnectionString, "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        var migrations = json.RootElement.GetProperty("migrations").EnumerateArray().ToList();
        Assert.Equal([1L, 2L, 3L, 4L], migrations.Select(m => m.GetProperty("version").GetInt64()));
        Assert.All(migrations, m => Assert.Equal("pending", m.GetProperty("phase").GetString()));
        Assert.Equal("Create customers", migrations[0].GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Number, migrations[0].GetProperty("version").ValueKind);
    }

    [Fact]
    public async Task Json_ReadsVersionInfoAndSafeMigrateState()
    {
        var connection = await TestPostgres.CreateDatabaseAsync("status");
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE "VersionInfo" ("Version" bigint NOT NULL, "AppliedOn" timestamp, "Description" varchar(1024));
                INSERT INTO "VersionInfo" VALUES (2, now(), 'Index customers by name'), (3, now(), 'AddCustomerStatus');
                """ + PostgresStateSchema.CreateSql + """
                INSERT INTO safe_migrate.migration_state (version, description, phase) VALUES (3, 'AddCustomerStatus', 'expanded');
                """);

            var run = await CliRun.InvokeAsync("status", "-a", Sample, "-c", connection, "--format", "json");

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            using var json = JsonDocument.Parse(run.Output);
            var phases = json.RootElement.GetProperty("migrations").EnumerateArray()
                .ToDictionary(m => m.GetProperty("version").GetInt64(), m => m.GetProperty("phase").GetString());
            // 2 is in VersionInfo only (applied by plain FluentMigrator); 3 is expanded by SafeMigrate.
            Assert.Equal(new Dictionary<long, string?> { [2] = "contracted", [3] = "expanded" }, phases);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connection);
        }
    }

    [Fact]
    public async Task Text_ShowsATable()
    {
        var run = await CliRun.InvokeAsync("status", "-a", Sample, "-c", database.ConnectionString);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("VERSION", lines[0]);
        Assert.Matches(@"^\s*2\s+pending\s+Index customers by name$", lines[1]);
    }

    [Fact]
    public async Task ConnectionFromEnvironmentVariable_IsUsed()
    {
        // The in-process run reads the variable; no other test of this class sets or reads it.
        Environment.SetEnvironmentVariable(ConnectionStrings.EnvironmentVariable, database.ConnectionString);
        try
        {
            var run = await CliRun.InvokeAsync("status", "--format", "json");
            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            Assert.Contains("\"migrations\"", run.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ConnectionStrings.EnvironmentVariable, null);
        }
    }

    [Fact]
    public async Task NoConnection_ExitTwo()
    {
        var run = await CliRun.InvokeAsync("status", "-p", "postgres");
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("No connection given", run.Error);
    }

    [Fact]
    public async Task UnreachableServer_ExitThree_PasswordNeverPrinted()
    {
        var run = await CliRun.InvokeAsync("status", "--verbose", "-c", $"Host=127.0.0.1;Port=1;Username=app;Password={Password};Database=shop");

        Assert.Equal(ExitCodes.DatabaseFailure, run.ExitCode);
        Assert.StartsWith("error: Cannot connect to PostgreSQL at 127.0.0.1:1/shop", run.Error);
        Assert.DoesNotContain(Password, run.Error + run.Output);
    }

    [Fact]
    public async Task MalformedConnectionString_ExitTwo_PasswordNeverPrinted()
    {
        var run = await CliRun.InvokeAsync("status", "--verbose", "-p", "postgres", "-c", $"Host=db;Password={Password};Bogus Keyword=1");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("connection string is invalid", run.Error);
        Assert.DoesNotContain(Password, run.Error + run.Output);
    }

    [Fact]
    public async Task MissingAssembly_ExitTwo()
    {
        var run = await CliRun.InvokeAsync("status", "-a", "/nonexistent/Migrations.dll", "-c", database.ConnectionString);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal("error: The migrations assembly '/nonexistent/Migrations.dll' does not exist: build the migrations project first.\n", run.Error);
    }

    [Fact]
    public async Task UnknownProvider_ExitTwo()
    {
        var run = await CliRun.InvokeAsync("status", "-p", "oracle", "-c", database.ConnectionString);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("Unknown provider 'oracle'", run.Error);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
