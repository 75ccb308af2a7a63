using System.Text.Json;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary>
/// <c>plan -p sqlserver --format json</c> for a release with renames, a new NOT NULL column with default, an index, a
/// foreign key, a dropped column, a renamed table and a widened type: T-SQL that parses, with the SQL Server recipes.
/// </summary>
public sealed class PlanSqlServerTests
{
    private sealed record PlannedStep(long Version, string Phase, string Description, string? Sql, bool BlocksWrites);

    private static async Task<IReadOnlyList<PlannedStep>> PlanAsync(params string[] extra)
    {
        var run = await CliRun.InvokeAsync(["plan", "-p", "sqlserver", "--format", "json", "-a", FixtureAssemblies.Get("SqlServerRelease"), .. extra]);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        Assert.Empty(json.RootElement.GetProperty("refusals").EnumerateArray());
        return json.RootElement.GetProperty("migrations").EnumerateArray()
            .SelectMany(m => m.GetProperty("steps").EnumerateArray().Select(s => new PlannedStep(
                m.GetProperty("version").GetInt64(),
                s.GetProperty("phase").GetString()!,
                s.GetProperty("description").GetString()!,
                s.GetProperty("sql").GetString(),
                s.GetProperty("blocksWrites").GetBoolean())))
            .ToList();
    }

    private static IReadOnlyList<string> ParseErrors(string sql)
    {
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        return errors.Select(e => $"{e.Line}:{e.Column} {e.Message}").ToList();
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("enterprise", "2022")]
    [InlineData("azure", null)]
    public async Task Release_EverySqlParses_AndUsesTheSqlServerRecipes(string? edition, string? version)
    {
        var target = new List<string>();
        if (edition is not null)
        {
            target.AddRange(["--sqlserver-edition", edition]);
        }

        if (version is not null)
        {
            target.AddRange(["--sqlserver-version", version]);
        }

        var steps = await PlanAsync([.. target]);

        var withSql = steps.Where(s => s.Sql is not null).ToList();
        Assert.True(withSql.Count >= 10, $"only {withSql.Count} statements");
        foreach (var step in withSql)
        {
            Assert.True(ParseErrors(step.Sql!).Count == 0, $"{step.Description}: {string.Join("; ", ParseErrors(step.Sql!))}\n{step.Sql}");
        }

        // Rename: new column kept in sync by an AFTER trigger; the old column goes in contract only.
        Assert.Contains(steps, s => s is { Version: 202501010001, Phase: "expand" } && s.Sql!.Contains("CREATE OR ALTER TRIGGER", StringComparison.Ordinal)
                                     && s.Sql.Contains("AFTER INSERT, UPDATE", StringComparison.Ordinal));
        Assert.Contains(steps, s => s is { Version: 202501010001, Phase: "contract" } && s.Sql?.Contains("DROP COLUMN [email];", StringComparison.Ordinal) == true);

        // Renamed table: a synonym under the old name until contract.
        Assert.Contains(steps, s => s is { Version: 202501010006, Phase: "expand" } && s.Sql!.Contains("CREATE SYNONYM [dbo].[products] FOR [dbo].[catalog_items]", StringComparison.Ordinal));
        Assert.Contains(steps, s => s is { Version: 202501010006, Phase: "contract" } && s.Sql == "DROP SYNONYM IF EXISTS [dbo].[products];");

        // Foreign key: WITH NOCHECK, no validating scan.
        Assert.Contains(steps, s => s is { Version: 202501010004, Phase: "expand" } && s.Sql!.Contains("WITH NOCHECK ADD CONSTRAINT [fk_orders_customers]", StringComparison.Ordinal));
        Assert.DoesNotContain(steps, s => s.Sql?.Contains("WITH CHECK CHECK CONSTRAINT", StringComparison.Ordinal) == true);

        // Drops only in contract.
        Assert.DoesNotContain(steps, s => s.Phase == "expand" && s.Sql is { } sql
                                          && (sql.Contains("DROP COLUMN [fax]", StringComparison.Ordinal) || sql.Contains("DROP COLUMN [email]", StringComparison.Ordinal)));
        Assert.Contains(steps, s => s is { Version: 202501010005, Phase: "contract" } && s.Sql!.Contains("DROP COLUMN [fax];", StringComparison.Ordinal));

        // Index and widened type exist in the plan in some form.
        Assert.Contains(steps, s => s is { Version: 202501010003, Phase: "expand" } && s.Sql!.Contains("CREATE INDEX [ix_orders_customer_id]", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Version == 202501010007 && s.Sql?.Contains("NVARCHAR(500)", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task DefaultTarget_IsStandard2016_IndexBuildBlocksWritesAndSaysSo()
    {
        var index = Assert.Single(await PlanAsync(), s => s.Version == 202501010003);
        Assert.True(index.BlocksWrites);
        Assert.Contains("SQL Server 2016 Standard", index.Description, StringComparison.Ordinal);

        var enterprise = Assert.Single(await PlanAsync("--sqlserver-edition", "enterprise", "--sqlserver-version", "2019"), s => s.Version == 202501010003);
        Assert.False(enterprise.BlocksWrites);
        Assert.Contains("ONLINE = ON, RESUMABLE = ON", enterprise.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEdition_IsBadUsage()
    {
        var run = await CliRun.InvokeAsync("plan", "-p", "sqlserver", "-a", FixtureAssemblies.Get("SqlServerRelease"), "--sqlserver-edition", "datacenter");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("datacenter", run.Error, StringComparison.Ordinal);
    }
}
