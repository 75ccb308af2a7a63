using Npgsql;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary>
/// A role without the privileges a release needs, and a database that takes no writes: exit 3 with one line naming
/// the privilege or setting, the password never printed, and nothing changed.
/// </summary>
public class AccessDeniedTests
{
    private const string Password = "r0le-secret-71";

    private static readonly string Sample = FixtureAssemblies.SampleMigrations;

    [Fact]
    public async Task Expand_RoleWithoutCreateOnDatabase_NamesThePrivilege_NothingChanged()
    {
        await using var database = await RoleDatabase.CreateAsync("nocreate");
        var before = await DatabaseDump.ReadAsync(database.Admin);

        var run = await CliRun.InvokeAsync("expand", "-a", Sample, "--tag", "core", "-c", database.AsRole);

        Assert.True(run.ExitCode == ExitCodes.DatabaseFailure, run.ToString());
        var line = ErrorLine(run);
        Assert.Contains("permission denied for database", line);
        Assert.Contains("SQLSTATE 42501", line);
        Assert.Contains("CREATE privilege on database", line);
        Assert.DoesNotContain("Unexpected failure", line);
        Assert.DoesNotContain(Password, run.Output + run.Error);
        Assert.Equal(before, await DatabaseDump.ReadAsync(database.Admin));
    }

    [Fact]
    public async Task Expand_RoleWithoutCreateOnSchema_NamesTheSchemaPrivilege_NoTableCreated()
    {
        await using var database = await RoleDatabase.CreateAsync("noschema");
        await database.AdminExecuteAsync($"GRANT CREATE ON DATABASE \"{database.Name}\" TO \"{database.Role}\"");

        var run = await CliRun.InvokeAsync("expand", "-a", Sample, "--tag", "core", "-c", database.AsRole);

        Assert.True(run.ExitCode == ExitCodes.DatabaseFailure, run.ToString());
        var line = ErrorLine(run);
        Assert.Contains("permission denied for schema public (SQLSTATE 42501)", line);
        Assert.Contains("USAGE and CREATE on schema public", line);
        Assert.Contains("resumes at this step", line);
        Assert.DoesNotContain(Password, run.Output + run.Error);
        Assert.Null(await database.AdminScalarAsync("SELECT to_regclass('public.customers')::text"));
    }

    [Fact]
    public async Task Expand_ReadOnlyDatabase_NamesTheSetting_NothingChanged()
    {
        await using var database = await RoleDatabase.CreateAsync("readonly");
        await database.AdminExecuteAsync($"ALTER DATABASE \"{database.Name}\" SET default_transaction_read_only = on");
        var before = await DatabaseDump.ReadAsync(database.Admin);

        var run = await CliRun.InvokeAsync("expand", "-a", Sample, "--tag", "core", "-c", database.Admin);

        Assert.True(run.ExitCode == ExitCodes.DatabaseFailure, run.ToString());
        var line = ErrorLine(run);
        Assert.Contains("read-only transaction (SQLSTATE 25006)", line);
        Assert.Contains("default_transaction_read_only", line);
        Assert.Contains("hot standby", line);
        Assert.Equal(before, await DatabaseDump.ReadAsync(database.Admin));
    }

    [Theory]
    [InlineData("contract")]
    [InlineData("rollback", "--yes")]
    public async Task OtherCommands_RoleWithoutCreateOnDatabase_NameThePrivilege(string command, string? extra = null)
    {
        await using var database = await RoleDatabase.CreateAsync("nocreate" + command);
        var before = await DatabaseDump.ReadAsync(database.Admin);
        string[] args = [command, "-a", Sample, "-c", database.AsRole];

        var run = await CliRun.InvokeAsync(extra is null ? args : [.. args, extra]);

        Assert.True(run.ExitCode == ExitCodes.DatabaseFailure, run.ToString());
        Assert.Contains("CREATE privilege on database", ErrorLine(run));
        Assert.DoesNotContain(Password, run.Output + run.Error);
        Assert.Equal(before, await DatabaseDump.ReadAsync(database.Admin));
    }

    [Fact]
    public async Task Expand_RoleWithoutCreateOnDatabase_RunsOnceItsStateSchemaExists()
    {
        // What a DBA does once for a login that owns the app's objects but may not create schemas.
        await using var database = await RoleDatabase.CreateAsync("schemaowner");
        await database.AdminExecuteAsync($"""
            REVOKE CREATE ON DATABASE "{database.Name}" FROM PUBLIC;
            CREATE SCHEMA safe_migrate AUTHORIZATION "{database.Role}";
            GRANT USAGE, CREATE ON SCHEMA public TO "{database.Role}";
            """);

        var run = await CliRun.InvokeAsync("expand", "-a", Sample, "--tag", "core", "-c", database.AsRole);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(database.Role, await database.AdminScalarAsync("SELECT tableowner::text FROM pg_tables WHERE schemaname = 'safe_migrate' AND tablename = 'migration_state'"));
    }

    /// <summary>Progress may precede it; the failure itself is one line.</summary>
    private static string ErrorLine(CliRun run) =>
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));

    /// <summary>A fresh database and a login role of its own with no privilege on it beyond PUBLIC's (CONNECT, TEMP).</summary>
    private sealed class RoleDatabase : IAsyncDisposable
    {
        private RoleDatabase(string admin, string role)
        {
            Admin = admin;
            Role = role;
            AsRole = new NpgsqlConnectionStringBuilder(admin) { Username = role, Password = Password }.ConnectionString;
        }

        public string Admin { get; }

        public string Role { get; }

        public string AsRole { get; }

        public string Name => new NpgsqlConnectionStringBuilder(Admin).Database!;

        public static async Task<RoleDatabase> CreateAsync(string hint)
        {
            var admin = await TestPostgres.CreateDatabaseAsync(hint);
            var database = new RoleDatabase(admin, "r_" + new NpgsqlConnectionStringBuilder(admin).Database);
            // Roles are cluster-wide: one per database, dropped with it. PostgreSQL 15 no longer grants CREATE on
            // public to PUBLIC; older servers did, so it is revoked here for every version.
            await database.AdminExecuteAsync($"""
                CREATE ROLE "{database.Role}" LOGIN PASSWORD '{Password}';
                REVOKE CREATE ON SCHEMA public FROM PUBLIC;
                """);
            return database;
        }

        public async Task AdminExecuteAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(Admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        public async Task<object?> AdminScalarAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(Admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            var value = await command.ExecuteScalarAsync();
            return value is DBNull ? null : value;
        }

        public async ValueTask DisposeAsync()
        {
            await TestPostgres.DropDatabaseAsync(Admin);
            await using var connection = new NpgsqlConnection(await TestPostgres.AdminConnectionStringAsync());
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{Role}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
