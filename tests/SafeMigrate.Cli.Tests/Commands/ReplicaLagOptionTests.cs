using Npgsql;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary><c>--max-replica-lag</c> and <c>--replica</c> on expand and contract: a replica that cannot be watched is exit 2 before anything changes.</summary>
public sealed class ReplicaLagOptionTests
{
    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    [Theory]
    [InlineData("expand")]
    [InlineData("contract")]
    public async Task AReplicaThatDoesNotOpen_OrIsThePrimary_IsExit2_InOneLine_AndNothingChanges(string command)
    {
        var cs = await TestPostgres.CreateDatabaseAsync("replica_cli");
        try
        {
            var install = await CliRun.InvokeAsync("expand", "-a", Release, "-c", cs);
            Assert.True(install.ExitCode == ExitCodes.Success, install.ToString());
            var before = await DatabaseDump.ReadAsync(cs);
            var closed = new NpgsqlConnectionStringBuilder(cs) { Port = 1, Timeout = 5 }.ConnectionString;

            var unreachable = await CliRun.InvokeAsync(command, "-a", Release, "--tag", "release2", "-c", cs, "--replica", closed);
            var primary = await CliRun.InvokeAsync(command, "-a", Release, "--tag", "release2", "-c", cs, "--replica", cs);

            Assert.True(unreachable.ExitCode == ExitCodes.InvalidInput, unreachable.ToString());
            Assert.StartsWith("error: --replica 127.0.0.1:1 cannot be opened: Cannot connect to PostgreSQL at 127.0.0.1:1/", ErrorLine(unreachable), StringComparison.Ordinal);
            Assert.True(primary.ExitCode == ExitCodes.InvalidInput, primary.ToString());
            Assert.EndsWith("is not a replica: pg_is_in_recovery() is false there (is it the primary?).", ErrorLine(primary), StringComparison.Ordinal);
            Assert.Equal(before, await DatabaseDump.ReadAsync(cs));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Theory]
    [InlineData("error: --max-replica-lag must be zero (off) or positive.", "--max-replica-lag", "-1")]
    [InlineData("error: --replica needs --max-replica-lag above 0: the replicas are watched for that limit.", "--max-replica-lag", "0", "--replica", "Host=standby")]
    public async Task OutOfRangeValues_AreBadInput(string message, params string[] options)
    {
        var run = await CliRun.InvokeAsync(["expand", "-a", Release, "-c", "Host=localhost;Username=x", .. options]);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Equal(message, run.Error.Trim());
    }

    private static string ErrorLine(CliRun run) =>
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal)).Trim();
}
