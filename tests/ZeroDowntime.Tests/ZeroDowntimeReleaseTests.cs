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
                TimeSpan.FromMinutes(4));
            Assert.True(File.Exists(reportPath), "The driver wrote no report.\n" + run);

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
            var safeMigrate = report.RootElement.GetProperty("safeMigrate");
            var plain = report.RootElement.GetProperty("plainFluentMigrator");
            var context = run.Output;

            Assert.True(safeMigrate.GetProperty("error").ValueKind == JsonValueKind.Null, "SafeMigrate run stopped early.\n" + context);
            Assert.True(safeMigrate.GetProperty("failed").GetInt32() == 0, "SafeMigrate run failed requests.\n" + context);
            Assert.True(safeMigrate.GetProperty("lostWrites").ValueKind == JsonValueKind.Number, "SafeMigrate run's writes were not checked.\n" + context);
            Assert.True(safeMigrate.GetProperty("lostWrites").GetInt32() == 0, "SafeMigrate run lost acknowledged writes.\n" + context);
            Assert.True(safeMigrate.GetProperty("damagedSeedRows").GetInt64() == 0, "SafeMigrate run damaged seed rows.\n" + context);
            Assert.True(safeMigrate.GetProperty("requests").GetInt32() >= 200, "Too little traffic to prove anything.\n" + context);
            Assert.True(safeMigrate.GetProperty("checkedRows").GetInt32() >= 100, "Too few written rows checked.\n" + context);

            // Traffic ran while the schema changed, not only before and after.
            var phases = safeMigrate.GetProperty("phases").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
            Assert.True(phases["expand"].GetProperty("requests").GetInt32() > 0, context);
            Assert.True(phases["contract"].GetProperty("requests").GetInt32() > 0, context);
            if (rollout == "rolling")
            {
                // Both versions answered side by side, each reading what the other wrote.
                var servedBy = phases["v1 + v2 serve"].GetProperty("servedBy");
                Assert.True(servedBy.TryGetProperty("v1", out var v1) && v1.GetInt32() > 0, context);
                Assert.True(servedBy.TryGetProperty("v2", out var v2) && v2.GetInt32() > 0, context);
            }

            Assert.True(report.RootElement.GetProperty("schemaDifferences").GetArrayLength() == 0,
                "SafeMigrate's end schema differs from plain FluentMigrator's.\n" + context);

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
}
