using FluentMigrator;
using SafeMigrate.Checks;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;
using SafeMigrate.Rules;

namespace SafeMigrate.Tests.Planning;

/// <summary>
/// A type change where neither the server's in-place change nor the shadow column keeps every value is refused at
/// plan time (SM5106, exit 1), with the recipe, before anything changes in the database.
/// </summary>
public sealed class TypeChangeRefusalTests
{
    [Migration(1)]
    private sealed class CTo(string type) : Migration
    {
        public override void Up() => Alter.Column("c").OnTable("t").AsCustom(type).Nullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class CToTimestampTz : Migration
    {
        public override void Up() => Alter.Column("c").OnTable("t").AsDateTimeOffset().Nullable();

        public override void Down() { }
    }

    [Theory]
    [InlineData("timestamp", "timestamptz", "Asia/Karachi", "not UTC")]
    [InlineData("timestamp", "timestamptz", "Europe/London", "not UTC")]
    [InlineData("numeric(10,2)", "numeric(12,4)", "UTC", "scale changes")]
    [InlineData("integer", "text", "UTC", "'007' would be stored as '7'")]
    [InlineData("real", "double precision", "UTC", "0.1 would be stored")]
    [InlineData("timestamp(6)", "timestamp(3)", "UTC", "may be stored changed")]
    [InlineData("integer", "numeric(10,2)", "UTC", "rounded to an integer")]
    [InlineData("date", "timestamp", "UTC", "no safe recipe")]
    [InlineData("timestamp", "timestamptz", "UTC", "rebuilds its indexes")]
    public async Task ValueChangingTypeChange_IsRefusedBeforeAnythingChanges(string oldType, string newType, string timeZone, string reason)
    {
        var connectionString = await OverlapWrites.CreateDatabaseAsync("typerefused", timeZone);
        try
        {
            await ExecuteAsync(connectionString, $"CREATE TABLE t (id integer PRIMARY KEY, c {oldType}); CREATE INDEX ix_t_c ON t (c); INSERT INTO t VALUES (1, '2024-06-01'), (2, NULL);".Replace("'2024-06-01'", oldType is "integer" or "real" or "numeric(10,2)" ? "7" : "'2024-06-01'", StringComparison.Ordinal));
            var schema = await SchemaFingerprint.ReadAsync(connectionString);
            var rows = await ScalarAsync(connectionString, "SELECT string_agg(id || '=' || coalesce(c::text, 'NULL'), ',' ORDER BY id) FROM t");
            var migrations = MigrationInstances.Collect(newType == "timestamptz" ? new CToTimestampTz() : new CTo(newType));
            var migrator = new SafeMigrator(connectionString, Options);

            var plan = await migrator.PlanAsync(migrations);
            var refusal = Assert.Single(plan.Refusals);
            Assert.Equal(RuleIds.TypeChangeWouldAlterValues, refusal.RuleId);
            Assert.Contains(reason, refusal.Reason, StringComparison.Ordinal);
            Assert.Contains("Create.Column", refusal.Recipe, StringComparison.Ordinal);
            Assert.Contains("later release", refusal.Recipe, StringComparison.Ordinal);

            var refused = await Assert.ThrowsAsync<RefusedException>(() => migrator.ExpandAsync(migrations));
            Assert.Contains("SafeMigrate cannot make this release safe", refused.Message, StringComparison.Ordinal);
            Assert.Equal(schema, await SchemaFingerprint.ReadAsync(connectionString));
            Assert.Equal(rows, await ScalarAsync(connectionString, "SELECT string_agg(id || '=' || coalesce(c::text, 'NULL'), ',' ORDER BY id) FROM t"));
            Assert.Equal(SafeMigrate.State.MigrationPhase.Pending, (await migrator.StatusAsync(migrations))[1]);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>In place the CHECK would be re-checked by a scan; through the old varchar(5), 'abc' and five spaces would lose two of them.</summary>
    [Fact]
    public async Task VarcharWidening_WithACheckConstraint_IsRefused()
    {
        var connectionString = await OverlapWrites.CreateDatabaseAsync("typecheck", "UTC");
        try
        {
            await ExecuteAsync(connectionString, "CREATE TABLE t (id integer PRIMARY KEY, c varchar(5) CHECK (c <> 'bad')); INSERT INTO t VALUES (1, 'abc');");
            var schema = await SchemaFingerprint.ReadAsync(connectionString);
            var migrations = MigrationInstances.Collect(new CTo("varchar(8)"));

            var refused = await Assert.ThrowsAsync<RefusedException>(() => new SafeMigrator(connectionString, Options).ExpandAsync(migrations));

            Assert.Contains("SM5106", Assert.Single((await new SafeMigrator(connectionString, Options).PlanAsync(migrations)).Refusals).RuleId, StringComparison.Ordinal);
            Assert.Contains("trailing spaces", refused.Message, StringComparison.Ordinal);
            Assert.Equal(schema, await SchemaFingerprint.ReadAsync(connectionString));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task TimestampToTimestampTz_TheConnectionsOwnZoneDecides()
    {
        var connectionString = await OverlapWrites.CreateDatabaseAsync("typezone", "Asia/Karachi");
        try
        {
            await ExecuteAsync(connectionString, "CREATE TABLE t (id integer PRIMARY KEY, c timestamp); INSERT INTO t VALUES (1, '2024-06-01 12:00');");
            var migrations = MigrationInstances.Collect(new CToTimestampTz());
            var utcConnection = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Timezone = "UTC" }.ConnectionString;

            Assert.Single((await new SafeMigrator(connectionString, Options).PlanAsync(migrations)).Refusals);
            var utcPlan = await new SafeMigrator(utcConnection, Options).PlanAsync(migrations);

            Assert.Empty(utcPlan.Refusals);
            var inPlace = Assert.Single(Assert.Single(utcPlan.Migrations).Expand, s => s.Description.Contains("in place", StringComparison.Ordinal));

            // The step checks the zone again: run under another one, it would rewrite the table and convert under that zone.
            var guarded = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(connectionString, inPlace.Sql!));
            Assert.Contains("not UTC", guarded.MessageText, StringComparison.Ordinal);
            Assert.Equal("timestamp without time zone", await ScalarAsync(connectionString, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'"));
            await ExecuteAsync(utcConnection, inPlace.Sql!);
            Assert.Equal("2024-06-01 12:00:00+00", await ScalarAsync(utcConnection, "SELECT c::text FROM t"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public void Offline_TheTypeChangeIsNotRefused_ThePlanSaysTheLiveCatalogDecides()
    {
        var plan = SafeMigrator.PlanOffline(MigrationInstances.Collect(new CToTimestampTz()));

        Assert.Empty(plan.Refusals);
        var first = Assert.Single(plan.Migrations).Expand[0];
        Assert.Contains("_sm_new_", first.Sql!, StringComparison.Ordinal);
        Assert.Contains("live catalog decides", first.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_IsReportedAsSM5106WithTheRecipe()
    {
        var refusal = new Refusal(3, RuleIds.TypeChangeWouldAlterValues, "Alter.Column(\"c\")", "Why.", "Recipe.");
        var finding = Assert.Single(RefusalFindings.From([refusal], new Dictionary<long, string>()));

        Assert.Equal("SM5106", finding.RuleId);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
    }
}
