using System.Text.Json;
using System.Text.RegularExpressions;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Process;

/// <summary>
/// Every command and format of the installed tool: data on stdout in the documented shape (validated against the
/// schemas under Schemas/), logs on stderr as timestamped lines (the streams are not a terminal), no secret anywhere.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public class ToolOutputTests(InstalledTool tool)
{
    private const string Password = "hunter22-Secret";

    /// <summary>Migration version → the one rule RefusedMigrations breaks in it.</summary>
    private static readonly Dictionary<long, string> RefusedRules = new()
    {
        [2] = "SM1005",
        [3] = "SM5001",
        [4] = "SM5003",
        [5] = "SM5005",
        [6] = "SM5006",
        [7] = "SM2008",
    };

    private static string Refused => FixtureAssemblies.Get("RefusedMigrations");

    [Fact]
    public async Task CheckJson_Refused_OneFindingPerOffendingMigration()
    {
        var run = await tool.RunAsync("check", "-a", Refused, "-p", "postgres", "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Equal("", run.Error);
        using var json = JsonShapes.AssertMatches(JsonShapes.Check, run.Output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(RefusedRules, findings.ToDictionary(f => f.GetProperty("migration").GetInt64(), f => f.GetProperty("ruleId").GetString()!));
        Assert.All(findings, f => Assert.Equal("error", f.GetProperty("severity").GetString()));
        Assert.All(findings, f => Assert.EndsWith($"/docs/rules/{f.GetProperty("ruleId").GetString()}.md", f.GetProperty("helpUri").GetString()));
        var notNull = findings.Single(f => f.GetProperty("ruleId").GetString() == "SM1005").GetProperty("message").GetString();
        Assert.Contains("WithDefaultValue", notNull); // the safe recipe
        Assert.False(json.RootElement.GetProperty("summary").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task CheckJson_Safe_NoFindingsExitZero()
    {
        var run = await tool.RunAsync("check", "-a", FixtureAssemblies.Get("ReleaseMigrations"), "-p", "postgres", "--tag", "release2", "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = JsonShapes.AssertMatches(JsonShapes.Check, run.Output);
        Assert.Empty(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal(8, json.RootElement.GetProperty("summary").GetProperty("migrations").GetInt32());
        Assert.True(json.RootElement.GetProperty("summary").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task CheckSarif_Refused_ValidSarifWithRuleMetadata()
    {
        var run = await tool.RunAsync("check", "-a", Refused, "-p", "postgres", "--format", "sarif");

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        using var sarif = JsonShapes.AssertMatches(JsonShapes.Sarif, run.Output);
        var sarifRun = Assert.Single(sarif.RootElement.GetProperty("runs").EnumerateArray());
        var rules = sarifRun.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(rules.Count, rules.Distinct().Count());
        var results = sarifRun.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(RefusedRules.Count, results.Count);
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString();
            Assert.Equal(ruleId, rules[result.GetProperty("ruleIndex").GetInt32()]);
            Assert.Equal("error", result.GetProperty("level").GetString());
            var location = Assert.Single(result.GetProperty("locations").EnumerateArray());
            Assert.EndsWith("RefusedMigrations.dll", location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.StartsWith("RefusedMigrations.", Assert.Single(location.GetProperty("logicalLocations").EnumerateArray()).GetProperty("fullyQualifiedName").GetString());
        }
    }

    [Fact]
    public async Task CheckGithub_Refused_OneErrorAnnotationPerMigration()
    {
        var run = await tool.RunAsync("check", "-a", Refused, "-p", "postgres", "--format", "github");

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        var annotations = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("::", StringComparison.Ordinal)).ToList();
        Assert.Equal(RefusedRules.Count, annotations.Count);
        foreach (var (version, rule) in RefusedRules)
        {
            Assert.Single(annotations, a => a.StartsWith($"::error title={rule}::Migration {version}: ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task CheckText_Safe_ListsWhatItSplitsAndHow()
    {
        var run = await tool.RunAsync("check", "-a", FixtureAssemblies.Get("ReleaseMigrations"), "-p", "postgres", "--tag", "release2");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("2 Rename customers.email to email_address", run.Output);
        Assert.Matches(@"expand\s+two-way sync trigger", run.Output);
        Assert.Matches(@"contract\s+.*drop the trigger", run.Output);
        Assert.Contains("check passed", run.Output);
        Assert.DoesNotContain("\u001b[", run.Output); // no colours when stdout is not a terminal
    }

    [Fact]
    public async Task CheckSqlServerOffline_ReportsRefusalsAndListsTheTSqlSteps()
    {
        var run = await tool.RunAsync("check", "-a", Refused, "-p", "sqlserver", "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        using var json = JsonShapes.AssertMatches(JsonShapes.Check, run.Output);
        Assert.Equal("sqlserver", json.RootElement.GetProperty("summary").GetProperty("provider").GetString());
        // The same refusals as on PostgreSQL; SM5105 notes steps that block writes on the default target (Standard 2016).
        Assert.Equal(
            RefusedRules.Values.Order(),
            json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()!).Where(id => id != "SM5105").Order());

        var text = await tool.RunAsync("check", "-a", Refused, "-p", "sqlserver");
        Assert.Matches(@"expand\s+", text.Output);
    }

    [Fact]
    public async Task CheckSqlServerOffline_StandardEditionBlocksWrites_EnterpriseDoesNot()
    {
        var release = FixtureAssemblies.Get("SqlServerRelease");

        var standard = await tool.RunAsync("check", "-a", release, "-p", "sqlserver", "--format", "json");
        Assert.True(standard.ExitCode == ExitCodes.Success, standard.ToString()); // a warning does not fail the check
        using (var json = JsonShapes.AssertMatches(JsonShapes.Check, standard.Output))
        {
            var blocking = json.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("ruleId").GetString() == "SM5105").ToList();
            Assert.Contains(blocking, f => f.GetProperty("migration").GetInt64() == 202501010003 && f.GetProperty("severity").GetString() == "warning");
        }

        var enterprise = await tool.RunAsync("check", "-a", release, "-p", "sqlserver", "--sqlserver-edition", "enterprise", "--sqlserver-version", "2022", "--format", "json");
        Assert.True(enterprise.ExitCode == ExitCodes.Success, enterprise.ToString());
        using (var json = JsonShapes.AssertMatches(JsonShapes.Check, enterprise.Output))
        {
            Assert.DoesNotContain(json.RootElement.GetProperty("findings").EnumerateArray(),
                f => f.GetProperty("ruleId").GetString() == "SM5105" && f.GetProperty("migration").GetInt64() == 202501010003);
        }
    }

    [Fact]
    public async Task PlanJson_MatchesTheDesign_SqlNullForNonSqlSteps()
    {
        var run = await tool.RunAsync("plan", "-a", FixtureAssemblies.Get("ReleaseMigrations"), "-p", "postgres", "--tag", "release2", "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = JsonShapes.AssertMatches(JsonShapes.Plan, run.Output);
        var migrations = json.RootElement.GetProperty("migrations").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(v => (long)v), migrations.Select(m => m.GetProperty("version").GetInt64()));
        var rename = migrations[1].GetProperty("steps").EnumerateArray().ToList();
        Assert.Contains(rename, s => s.GetProperty("phase").GetString() == "expand" && s.GetProperty("sql").ValueKind == JsonValueKind.Null
            && s.GetProperty("description").GetString()!.Contains("in batches", StringComparison.Ordinal));
        Assert.Contains(rename, s => s.GetProperty("phase").GetString() == "contract" && s.GetProperty("sql").GetString()!.Contains("DROP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanText_Refused_ExitOneWithRecipe()
    {
        var run = await tool.RunAsync("plan", "-a", Refused, "-p", "postgres");

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("refused: Migration 2:", run.Output);
    }

    [Fact]
    public async Task ReleaseCommands_LogTimestampedLinesOnStderr_DataOnStdout_NoSecret()
    {
        var database = await TestPostgres.CreateDatabaseAsync("outputs");
        var connection = database + ";Password=" + Password;
        var release = FixtureAssemblies.Get("ReleaseMigrations");
        try
        {
            var expand = await tool.RunAsync("expand", "-a", release, "-c", connection, "--verbose");
            Assert.True(expand.ExitCode == ExitCodes.Success, expand.ToString());
            Assert.Equal("", expand.Output);
            var lines = expand.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, l => Assert.Matches(@"^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] ", l));
            Assert.Contains(lines, l => l.Contains("1 expand [1/", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("CREATE TABLE", StringComparison.Ordinal)); // --verbose shows the SQL
            var contractFirst = await tool.RunAsync("contract", "-a", release, "-c", connection);
            Assert.True(contractFirst.ExitCode == ExitCodes.Success, contractFirst.ToString());

            var quiet = await tool.RunAsync("expand", "-a", release, "--tag", "release2", "-c", connection, "--batch-size", "10", "--batch-delay", "1");
            Assert.True(quiet.ExitCode == ExitCodes.Success, quiet.ToString());
            Assert.DoesNotContain("ALTER TABLE", quiet.Error); // without --verbose, no SQL
            Assert.Contains("expand done", quiet.Error);

            var status = await tool.RunAsync(["status", "-a", release, "--tag", "release2", "--format", "json"], new Dictionary<string, string?> { ["SAFEMIGRATE_CONNECTION"] = connection });
            Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
            using (var json = JsonShapes.AssertMatches(JsonShapes.Status, status.Output))
            {
                var phases = json.RootElement.GetProperty("migrations").EnumerateArray().Select(m => m.GetProperty("phase").GetString()).ToList();
                Assert.Equal(["contracted", .. Enumerable.Repeat("expanded", 7)], phases);
            }

            var statusText = await tool.RunAsync("status", "-a", release, "--tag", "release2", "-c", connection);
            Assert.Matches(new Regex(@"^\s*2\s+expanded\s+Rename customers.email to email_address$", RegexOptions.Multiline), statusText.Output);

            var live = await tool.RunAsync("check", "-a", release, "--tag", "release2", "-c", connection, "--format", "json", "--verbose");
            Assert.True(live.ExitCode == ExitCodes.Success, live.ToString());
            using (var json = JsonShapes.AssertMatches(JsonShapes.Check, live.Output))
            {
                Assert.True(json.RootElement.GetProperty("summary").GetProperty("live").GetBoolean());
                Assert.StartsWith("PostgreSQL ", json.RootElement.GetProperty("summary").GetProperty("server").GetString());
            }

            var plan = await tool.RunAsync("plan", "-a", release, "--tag", "release2", "-c", connection, "--format", "json");
            Assert.True(plan.ExitCode == ExitCodes.Success, plan.ToString());
            JsonShapes.AssertMatches(JsonShapes.Plan, plan.Output).Dispose();

            var rollback = await tool.RunAsync("rollback", "-a", release, "--tag", "release2", "-c", connection, "--yes", "--verbose");
            Assert.True(rollback.ExitCode == ExitCodes.Success, rollback.ToString());
            Assert.Contains("rollback done", rollback.Error);

            var expandAgain = await tool.RunAsync("expand", "-a", release, "--tag", "release2", "-c", connection);
            Assert.True(expandAgain.ExitCode == ExitCodes.Success, expandAgain.ToString());
            var contract = await tool.RunAsync("contract", "-a", release, "--tag", "release2", "-c", connection, "--verbose", "--lock-timeout", "3000");
            Assert.True(contract.ExitCode == ExitCodes.Success, contract.ToString());
            Assert.Contains("contract done", contract.Error);

            foreach (var output in new[] { expand, quiet, status, statusText, live, plan, rollback, expandAgain, contract })
            {
                Assert.DoesNotContain(Password, output.Output + output.Error);
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }
}
