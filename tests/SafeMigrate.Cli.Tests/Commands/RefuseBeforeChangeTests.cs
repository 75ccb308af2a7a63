using Npgsql;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary>
/// <c>expand</c> refuses what the catalog shows cannot work before its first statement: exit 1, the rule on stderr, the
/// database (SafeMigrate's state included) as it was. Release 2 of the ReleaseMigrations fixture starts with a rename
/// of <c>customers.email</c>, which needs a batched backfill.
/// </summary>
public sealed class RefuseBeforeChangeTests
{
    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    [Fact]
    public async Task ARenameOnATableWhoseKeyWasDropped_IsExit1_BeforeTheNewColumnIsAdded()
    {
        var connectionString = await InstalledAsync("cli_refuse_no_key");
        await ExecuteAsync(connectionString,
            "DO $$ BEGIN EXECUTE (SELECT format('ALTER TABLE customers DROP CONSTRAINT %I', conname) FROM pg_constraint WHERE conrelid = 'customers'::regclass AND contype = 'p'); END $$");
        var before = await DatabaseDump.ReadAsync(connectionString);

        var run = await CliRun.InvokeAsync("expand", "-a", Release, "--tag", "release2", "-c", connectionString);

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("\"public\".\"customers\" has no primary key and no unique index whose columns are all NOT NULL", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("expand [1/", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseDump.ReadAsync(connectionString));
    }

    [Fact]
    public async Task ARenameOntoAColumnAddedByHand_IsExit1_AndChangesNothing()
    {
        var connectionString = await InstalledAsync("cli_refuse_taken");
        await ExecuteAsync(connectionString, "ALTER TABLE customers ADD COLUMN email_address text");
        var before = await DatabaseDump.ReadAsync(connectionString);

        var run = await CliRun.InvokeAsync("expand", "-a", Release, "--tag", "release2", "-c", connectionString);

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("\"public\".\"customers\" already has a column \"email_address\"", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseDump.ReadAsync(connectionString));
    }

    /// <summary>Release 1 (migration 1, untagged) installed, so SafeMigrate's state exists.</summary>
    private static async Task<string> InstalledAsync(string hint)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(hint);
        var install = await CliRun.InvokeAsync("expand", "-a", Release, "-c", connectionString);
        Assert.True(install.ExitCode == ExitCodes.Success, install.ToString());
        return connectionString;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
