using SafeMigrate.Checks;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Steps;
using SafeMigrate.Catalog;
using SafeMigrate.Rules;

namespace SafeMigrate.Tests.Checks;

public class ReleaseCheckerTests
{
    private static readonly IReadOnlyDictionary<long, string> Types = new Dictionary<long, string> { [4] = "Shop.IndexOrders" };

    private static readonly PostgresDialect Postgres = new();

    private static readonly ReleasePlan IndexPlan = new(
        [new PlannedMigration(4, "Index orders", [Postgres.CreateIndex("public", "orders", "ix", "CREATE INDEX \"ix\" ON \"public\".\"orders\" (\"note\")")], [], [])],
        []);

    [Theory]
    [InlineData(140000, true)]
    [InlineData(140003, true)]
    [InlineData(140004, false)]
    [InlineData(130011, false)]
    [InlineData(170002, false)]
    public void ConcurrentIndexBuild_OnPostgres14Point0To3_IsAnError(int serverVersion, bool reported)
    {
        var findings = ReleaseChecker.Findings(Facts(serverVersion), IndexPlan, Types, new LiveCheckOptions());

        Assert.Equal(reported, findings.Any(f => f is { RuleId: RuleIds.ConcurrentIndexCorruptionPostgres14, Severity: FindingSeverity.Error, Migration: 4 }));
    }

    [Fact]
    public void LargeTable_NoteNamesTheTableAndItsEstimate()
    {
        var facts = Facts(170000) with { RowEstimates = new Dictionary<(string, string), long> { [("public", "orders")] = 2_500_000 } };

        var finding = Assert.Single(ReleaseChecker.Findings(facts, IndexPlan, Types, new LiveCheckOptions { LargeTableRows = 1_000_000 }));

        Assert.Equal((RuleIds.LargeTableScanned, FindingSeverity.Note, "Shop.IndexOrders"), (finding.RuleId, finding.Severity, finding.MigrationType));
        Assert.Contains("\"public\".\"orders\" (~2,500,000 rows)", finding.Message);
        Assert.Empty(ReleaseChecker.Findings(facts, IndexPlan, Types, new LiveCheckOptions { LargeTableRows = 3_000_000 }));
    }

    [Fact]
    public void Offline_EveryRefusalHasARuleId_OneFindingPerMigrationAndRule()
    {
        using var assembly = MigrationAssembly.Load(FixtureAssemblies.Get("RefusedMigrations"));

        var report = ReleaseChecker.CheckOffline(assembly, DatabaseProvider.Postgres);

        Assert.False(report.Passed);
        Assert.All(report.Plan.Refusals, r => Assert.Matches("^SM[0-9]{4}$", r.RuleId));
        Assert.Equal(
            [(2L, "SM1005"), (3L, "SM5001"), (4L, "SM5003"), (5L, "SM5005"), (6L, "SM5006"), (7L, "SM2008")],
            report.Findings.Select(f => (f.Migration, f.RuleId)));
        Assert.Equal("RefusedMigrations.AddStatusWithoutDefault", report.Findings[0].MigrationType);
    }

    [Fact]
    public void Offline_MaintenanceMigration_IsAWarningNotSkippedSilently()
    {
        using var assembly = MigrationAssembly.Load(FixtureAssemblies.SampleMigrations);

        var report = ReleaseChecker.CheckOffline(assembly, DatabaseProvider.Postgres);

        var finding = Assert.Single(report.Findings, f => f.RuleId == RuleIds.MaintenanceMigrationNotRun);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("SampleMigrations.RefreshStatistics", finding.MigrationType);
        Assert.Contains("AfterAll", finding.Message);
    }

    [Fact]
    public void OfflineSqlServer_StepsThatBlockWritesOnTheTarget_AreWarnings()
    {
        using var assembly = MigrationAssembly.Load(FixtureAssemblies.Get("SqlServerRelease"));

        var standard = ReleaseChecker.CheckOffline(assembly, DatabaseProvider.SqlServer, SqlServerTarget.MostConservative);
        var enterprise = ReleaseChecker.CheckOffline(assembly, DatabaseProvider.SqlServer, new SqlServerTarget(SqlServerEdition.Enterprise, 16));

        Assert.True(standard.Passed);
        var indexBuild = Assert.Single(standard.Findings, f => f.Migration == 202501010003);
        Assert.Equal((RuleIds.BlocksWritesOnSqlServerTarget, FindingSeverity.Warning), (indexBuild.RuleId, indexBuild.Severity));
        Assert.Contains("SQL Server 2016 Standard", indexBuild.Message);
        Assert.DoesNotContain(enterprise.Findings, f => f.Migration == 202501010003);
        Assert.All(standard.Plan.Migrations, m => Assert.NotEmpty(m.Expand.Concat(m.Contract)));
    }

    [Fact]
    public void ScannedTables_ReadTheTableOfIndexBuildsAndValidations()
    {
        Assert.Equal(
            ("public", "orders"),
            ScannedTables.Of(IndexPlan.Migrations[0].Expand[0]).Select(t => (t.Schema, t.Table)).Single());
        Assert.Equal(
            ("sales", "Order Lines"),
            ScannedTables.Of(Postgres.AddForeignKey("sales", "Order Lines", "fk", "ALTER TABLE \"sales\".\"Order Lines\" ADD CONSTRAINT \"fk\" FOREIGN KEY (\"a\") REFERENCES \"t\" (\"id\");")[1]).Select(t => (t.Schema, t.Table)).Single());

        // Raw SQL: the shared SQL reader says what the statement does; comments and literals do not count.
        Assert.Equal(
            ("sales", "Order Lines", "a constraint validation (one scan)"),
            ScannedTables.Of(Postgres.RawSqlStep("validate", "/* ALTER TABLE x VALIDATE */ ALTER TABLE \"sales\".\"Order Lines\" VALIDATE CONSTRAINT \"fk\";")).Select(t => (t.Schema, t.Table, t.Work)).Single());
        Assert.Equal(
            ("public", "orders", "a rewrite of every row in one statement"),
            ScannedTables.Of(Postgres.RawSqlStep("fix", "UPDATE orders SET note = 'VALIDATE CONSTRAINT'")).Select(t => (t.Schema, t.Table, t.Work)).Single());
        Assert.Empty(ScannedTables.Of(Postgres.RawSqlStep("add column", "ALTER TABLE \"public\".\"orders\" ADD \"x\" int;")));
        Assert.Empty(ScannedTables.Of(new SqlStep("validate", "ALTER TABLE \"sales\".\"Order Lines\" VALIDATE CONSTRAINT \"fk\";")));
    }

    private static LiveDatabaseFacts Facts(int serverVersion) => new(
        serverVersion,
        $"{serverVersion / 10000}.{serverVersion % 100}",
        new Dictionary<long, MigrationPhase>(),
        new Dictionary<long, (int, string?)>(),
        new Dictionary<(string, string), long>());
}
