using FluentMigrator;
using SafeMigrate.Checks;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Operations;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;
using SafeMigrate.Rules;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// Rollback undoes only what expand did: after a refusal or a failed expand, every table, column, index and row that
/// existed before is as it was. The migrations here fail the way real histories did.
/// </summary>
public sealed class RollbackSafetyTests
{
    [Migration(1)]
    private sealed class ReplaceTeamsTable : Migration
    {
        public override void Up()
        {
            Delete.Table("teams");
            Create.Table("teams").WithColumn("id").AsInt32().PrimaryKey().WithColumn("name").AsString(50).Nullable();
        }

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class DropAge : Migration
    {
        public override void Up() => Delete.Column("age").FromTable("users");

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class AddAgeAgain : Migration
    {
        public override void Up() => Create.Column("age").OnTable("users").AsString(10).Nullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class ScratchTableTwice : Migration
    {
        public override void Up()
        {
            Create.Table("scratch").WithColumn("id").AsInt32().PrimaryKey();
            Delete.Table("scratch");
            Create.Table("scratch").WithColumn("id").AsInt32().PrimaryKey().WithColumn("note").AsString().Nullable();
        }

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class CreateExistingTable : Migration
    {
        public override void Up()
        {
            Create.Column("nickname").OnTable("users").AsString(50).Nullable();
            Create.Table("teams").WithColumn("id").AsInt32().PrimaryKey();
        }

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class AddExistingColumn : Migration
    {
        public override void Up()
        {
            Create.Table("badges").WithColumn("id").AsInt32().PrimaryKey();
            Create.Column("name").OnTable("users").AsString(20).Nullable();
        }

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class IndexNamedLikeAnExistingOne : Migration
    {
        public override void Up() => Create.Index("ix_users_email").OnTable("users").OnColumn("name");

        public override void Down() { }
    }

    [Fact]
    public async Task DropAndRecreateTable_RefusedAtPlanTime_NothingChanges()
    {
        var refusal = await RefusedWithNothingChangedAsync(MigrationInstances.Collect(new ReplaceTeamsTable()));
        Assert.Equal(RuleIds.DroppedObjectRecreated, refusal.RuleId);
        Assert.Contains("\"teams\"", refusal.Reason);
    }

    [Fact]
    public async Task DropAndRecreateColumnAcrossMigrations_RefusedAtPlanTime_NothingChanges()
    {
        var refusal = await RefusedWithNothingChangedAsync(MigrationInstances.Collect(new DropAge(), new AddAgeAgain()));
        Assert.Equal(RuleIds.DroppedObjectRecreated, refusal.RuleId);
        Assert.Equal(2, refusal.Version);
    }

    [Fact]
    public void TableCreatedInTheRelease_MayBeDroppedAndRecreated()
    {
        var plan = SafeMigrator.PlanOffline(MigrationInstances.Collect(new ScratchTableTwice()));
        Assert.False(plan.IsRefused, string.Join("; ", plan.Refusals));
    }

    // A name the catalog shows taken is refused before the first statement (SM5107), where it once failed half-way
    // (after the new column or table before it) and left rollback to sort out what was there before.
    [Fact]
    public async Task CreateOfAnExistingTable_RefusedAtPlanTime_NothingChanges()
    {
        var refusal = await RefusedWithNothingChangedAsync(MigrationInstances.Collect(new CreateExistingTable()));
        Assert.Equal(RuleIds.MissingOrTakenName, refusal.RuleId);
        Assert.Contains("\"public\".\"teams\"", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddOfAnExistingColumn_RefusedAtPlanTime_NothingChanges()
    {
        var refusal = await RefusedWithNothingChangedAsync(MigrationInstances.Collect(new AddExistingColumn()));
        Assert.Equal(RuleIds.MissingOrTakenName, refusal.RuleId);
        Assert.Contains("already has a column \"name\"", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexNameTakenBeforeExpand_RollbackKeepsTheExistingIndex()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("rollback");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users);
            var migrations = MigrationInstances.Collect(new IndexNamedLikeAnExistingOne());
            var before = await SchemaFingerprint.ReadAsync(connectionString);
            var migrator = new SafeMigrator(connectionString, Options);

            // A valid index of that name counts as built, so expand goes through; the index it found is not its own.
            await migrator.ExpandAsync(migrations);
            await migrator.RollbackAsync(migrations);

            Assert.Equal(before, await SchemaFingerprint.ReadAsync(connectionString));
            Assert.Equal("CREATE INDEX ix_users_email ON public.users USING btree (email)", await ScalarAsync(connectionString, "SELECT pg_get_indexdef('ix_users_email'::regclass)"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<Refusal> RefusedWithNothingChangedAsync(IReadOnlyList<MigrationUnit> migrations)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("refused");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users);
            var schema = await SchemaFingerprint.ReadAsync(connectionString);
            var rows = await FaultInjection.RowChecksumsAsync(connectionString);
            var migrator = new SafeMigrator(connectionString, Options);

            var plan = await migrator.PlanAsync(migrations);
            await Assert.ThrowsAsync<RefusedException>(() => migrator.ExpandAsync(migrations));

            Assert.Equal(schema, await SchemaFingerprint.ReadAsync(connectionString));
            Assert.Equal(rows, await FaultInjection.RowChecksumsAsync(connectionString));
            Assert.All((await migrator.StatusAsync(migrations)).Values, phase => Assert.Equal(MigrationPhase.Pending, phase));
            return Assert.Single(plan.Refusals);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
