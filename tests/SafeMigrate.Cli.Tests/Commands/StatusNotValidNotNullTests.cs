using Npgsql;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary>
/// <c>status</c> on the server of the test run (12 to 18 in the CI matrix): on 18 a NOT NULL constraint that is still
/// NOT VALID is listed, though <c>attnotnull</c> already reads true; before 18 such a state does not exist.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class StatusNotValidNotNullTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Heading = "NOT NULL not validated yet";

    [Fact]
    public async Task Text_NotValidNotNullOn18_Listed_ValidatedNot()
    {
        await ExecuteAsync("CREATE TABLE accounts (id int PRIMARY KEY, owner text, plan text NOT NULL); INSERT INTO accounts VALUES (1, NULL, 'free');");
        var major = (int)(await ScalarAsync("SELECT current_setting('server_version_num')::int / 10000"))!;
        if (major < 18)
        {
            var before18 = await CliRun.InvokeAsync("status", "-c", database.ConnectionString);
            Assert.True(before18.ExitCode == ExitCodes.Success, before18.ToString());
            Assert.DoesNotContain(Heading, before18.Output, StringComparison.Ordinal);
            return;
        }

        await ExecuteAsync("ALTER TABLE accounts ADD NOT NULL owner NOT VALID");
        Assert.True((bool)(await ScalarAsync("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'owner'"))!);
        var run = await CliRun.InvokeAsync("status", "-c", database.ConnectionString);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains(Heading, run.Output, StringComparison.Ordinal);
        Assert.Contains("  public.accounts.owner (accounts_owner_not_null)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("accounts.plan", run.Output, StringComparison.Ordinal);

        await ExecuteAsync("UPDATE accounts SET owner = 'ann'; ALTER TABLE accounts VALIDATE CONSTRAINT accounts_owner_not_null");
        var validated = await CliRun.InvokeAsync("status", "-c", database.ConnectionString);
        Assert.DoesNotContain(Heading, validated.Output, StringComparison.Ordinal);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task<object?> ScalarAsync(string sql) => database.ScalarAsync(sql);
}
