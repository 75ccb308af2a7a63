using System.Text.Json;
using Xunit;

namespace ZeroDowntime.Tests;

/// <summary>
/// The project's main job, shortened: the shop released under load with SafeMigrate must serve every request,
/// keep every acknowledged write and end with plain FluentMigrator's schema, and the same release with plain FluentMigrator must fail requests
/// (otherwise the harness would not notice a broken release, and the first half would prove nothing).
/// </summary>
public sealed class ZeroDowntimeReleaseTests
{
    [Theory]
    [InlineData("blue-green")]
    [InlineData("rolling")]
    public async Task ReleaseUnderLoad_SafeMigrateLosesNothing_PlainFluentMigratorFailsRequests(string rollout)
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"zerodowntime-test-{Guid.NewGuid():N}.json");
        try
        {
            var run = await Driver.RunAsync(
                ["--duration", "4", "--rows", "20000", "--workers", "6", "--rollout", rollout, "--report", reportPath],
                TimeSpan.FromMinutes(6));
            Assert.True(File.Exists(reportPath), "The driver wrote no report.\n" + run);

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
            var plain = report.RootElement.GetProperty("plainFluentMigrator");
            var context = run.Output;
            AssertZeroDowntime(report.RootElement.GetProperty("safeMigrate"), "expand", rollout, context);
            AssertZeroDowntime(report.RootElement.GetProperty("safeMigrateInTheApp"), "v2 expands", rollout, context);

            // In the app's flow, contract started at the switch and waited for v1's heartbeat to go before it finished.
            var inTheApp = Phases(report.RootElement.GetProperty("safeMigrateInTheApp"));
            var contractNote = inTheApp["contract"].GetProperty("events").EnumerateArray().Select(e => e.GetString()!).Single(e => e.StartsWith("contract (started at the switch", StringComparison.Ordinal));
            Assert.Contains("waiting on v1's heartbeat) finished", contractNote, StringComparison.Ordinal);
            Assert.True(run.Error.Contains("safe-migrate contract: waiting for the old version to leave: 1 app instance(s) built before migration 5 (v1 on ", StringComparison.Ordinal),
                "Contract did not wait for v1's heartbeat.\n" + run.Error);
            Assert.Contains(inTheApp["v2 expands"].GetProperty("events").EnumerateArray(), e => e.GetString() == "v2's health check: its schema is ready");

            Assert.True(report.RootElement.GetProperty("schemaDifferences").GetArrayLength() == 0,
                "SafeMigrate's end schema differs from plain FluentMigrator's.\n" + context);
            Assert.True(report.RootElement.GetProperty("schemaDifferencesInTheApp").GetArrayLength() == 0,
                "The end schema of SafeMigrate in the app differs from plain FluentMigrator's.\n" + context);

            Assert.True(plain.GetProperty("failed").GetInt32() > 0,
                "The plain FluentMigrator run failed no request: the harness did not notice a breaking release.\n" + context);
            Assert.True(report.RootElement.GetProperty("proofHeld").GetBoolean(), context);
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        finally
        {
            File.Delete(reportPath);
        }
    }

    /// <summary>A SafeMigrate run served every request, kept every write and damaged no row, with traffic while the schema changed.</summary>
    private static void AssertZeroDowntime(JsonElement safeMigrate, string migrationPhase, string rollout, string context)
    {
        var name = safeMigrate.GetProperty("name").GetString();
        context = $"{name}:\n{context}";
        Assert.True(safeMigrate.GetProperty("error").ValueKind == JsonValueKind.Null, "The run stopped early.\n" + context);
        Assert.True(safeMigrate.GetProperty("failed").GetInt32() == 0, "The run failed requests.\n" + context);
        Assert.True(safeMigrate.GetProperty("lostWrites").ValueKind == JsonValueKind.Number, "The run's writes were not checked.\n" + context);
        Assert.True(safeMigrate.GetProperty("lostWrites").GetInt32() == 0, "The run lost acknowledged writes.\n" + context);
        Assert.True(safeMigrate.GetProperty("damagedSeedRows").GetInt64() == 0, "The run damaged seed rows.\n" + context);
        Assert.True(safeMigrate.GetProperty("requests").GetInt32() >= 200, "Too little traffic to prove anything.\n" + context);
        Assert.True(safeMigrate.GetProperty("checkedRows").GetInt32() >= 100, "Too few written rows checked.\n" + context);

        // Traffic ran while the schema changed, not only before and after.
        var phases = Phases(safeMigrate);
        Assert.True(phases[migrationPhase].GetProperty("requests").GetInt32() > 0, context);
        Assert.True(phases["contract"].GetProperty("requests").GetInt32() > 0, context);
        if (rollout == "rolling")
        {
            // Both versions answered side by side, each reading what the other wrote.
            var servedBy = phases["v1 + v2 serve"].GetProperty("servedBy");
            Assert.True(servedBy.TryGetProperty("v1", out var v1) && v1.GetInt32() > 0, context);
            Assert.True(servedBy.TryGetProperty("v2", out var v2) && v2.GetInt32() > 0, context);
        }
    }

    private static Dictionary<string, JsonElement> Phases(JsonElement run) =>
        run.GetProperty("phases").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
}
