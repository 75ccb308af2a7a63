using System.Text;
using Npgsql;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Process;

/// <summary>
/// <c>pause</c>, <c>status</c> and <c>resume</c> as separate processes of the installed tool, against an <c>expand</c>
/// running in a process of its own: the paused run changes nothing and holds no table lock while it waits, another
/// process sees it waiting, and it finishes once resumed.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class ToolPauseTests(InstalledTool tool)
{
    [Fact]
    public async Task PausedFromAnotherProcess_TheRunWaitsHoldingNoTableLock_StatusShowsIt_ResumeFinishesIt()
    {
        var database = await TestPostgres.CreateDatabaseAsync("toolpause");
        try
        {
            await ReleaseRuns.ReleaseOneWithRowsAsync(database);
            var pause = await tool.RunAsync("pause", "-c", database, "--reason", "busy hour");
            Assert.True(pause.ExitCode == ExitCodes.Success, pause.ToString());

            var log = new StringBuilder();
            using var run = tool.Start(log, "expand", "-a", ReleaseRuns.Release, "--tag", "release2", "-c", database);
            ProcessRun? status = null;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (DateTime.UtcNow < deadline && !run.HasExited)
            {
                status = await tool.RunAsync("status", "-c", database);
                if (status.Output.Contains("holding no lock: paused by", StringComparison.Ordinal))
                {
                    break;
                }

                await Task.Delay(200);
            }

            Assert.False(run.HasExited, $"the run ended while paused\n{log}");
            Assert.Matches(@"Running: expand of migration 2, step 1/\d .*\n  waiting since .+ UTC, holding no lock: paused by \S+ at .+ \(busy hour\)", status!.Output);
            Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'customers' AND column_name = 'email_address'"));
            // The application's tables are free: only the run's advisory lock is held.
            Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.application_name LIKE 'safe-migrate%' AND l.locktype = 'relation' AND l.relation = 'public.customers'::regclass"));

            var resume = await tool.RunAsync("resume", "-c", database);
            Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(120)), $"the run did not finish after resume\n{log}");
            Assert.True(run.ExitCode == ExitCodes.Success, $"exit {run.ExitCode}\n{log}");
            Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'customers' AND column_name = 'email_address'"));

            var after = await tool.RunAsync("status", "-c", database);
            Assert.DoesNotContain("Running:", after.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Last run stopped", after.Output, StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
