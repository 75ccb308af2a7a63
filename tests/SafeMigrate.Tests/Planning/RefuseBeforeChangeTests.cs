using FluentMigrator;
using SafeMigrate.Errors;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Rules;
using SafeMigrate.State;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Operations;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Planning;

/// <summary>
/// What the catalog shows cannot work is refused at plan time, before the first statement (exit 1): no usable key for
/// a backfill, a missing table or column, a rename onto a column that exists. The whole database, SafeMigrate's state
/// included, is then as it was (<see cref="DatabaseDump"/>).
/// </summary>
public sealed class RefuseBeforeChangeTests
{
    /// <summary>An earlier release, so that SafeMigrate's state exists before the refused one.</summary>
    [Migration(1)]
    private sealed class AddNote : Migration
    {
        public override void Up() => Create.Column("note").OnTable("other").AsString(10).Nullable();

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class RenameOf(string table, string from, string to) : Migration
    {
        public override void Up() => Rename.Column(from).OnTable(table).To(to);

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class FillAllRows : Migration
    {
        public override void Up() => Update.Table("t").Set(new { email = "x" }).AllRows();

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class FixInBatches(bool inContract, string table = "t") : Migration
    {
        public override void Up()
        {
            if (inContract)
            {
                Execute.WithConnectionInBatchesInContract(table, (_, _, _) => throw new InvalidOperationException("never called"));
            }
            else
            {
                Execute.WithConnectionInBatches(table, (_, _, _) => throw new InvalidOperationException("never called"));
            }
        }

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class AlterMissing : Migration
    {
        public override void Up() => Alter.Column("mail").OnTable("t").AsString(300).Nullable();

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class DeleteMissing : Migration
    {
        public override void Up() => Delete.Column("mail").FromTable("t");

        public override void Down() { }
    }

    [Migration(3)]
    private sealed class AddStatus : Migration
    {
        public override void Up() => Create.Column("status").OnTable("t").AsString(20).Nullable();

        public override void Down() { }
    }

    [Fact]
    public Task RenameOnATableWithoutAUsableKey_IsRefusedBeforeTheNewColumnIsAdded() => RefusedAsync(
        "CREATE TABLE t (id integer, email text); INSERT INTO t VALUES (1, 'a'), (2, 'b');",
        new RenameOf("t", "email", "email_address"),
        RuleIds.BackfillWithoutKey,
        "\"public\".\"t\" has no primary key and no unique index whose columns are all NOT NULL");

    [Fact]
    public Task AllRowsUpdateOnATableWithoutAUsableKey_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer, email text); INSERT INTO t VALUES (1, 'a');",
        new FillAllRows(),
        RuleIds.BackfillWithoutKey,
        "no primary key");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task BatchedDataFixOnATableWithoutAUsableKey_IsRefused(bool inContract) => RefusedAsync(
        "CREATE TABLE t (id integer, email text); INSERT INTO t VALUES (1, 'a');",
        new FixInBatches(inContract),
        RuleIds.BackfillWithoutKey,
        "\"public\".\"t\" has no primary key and no unique index whose columns are all NOT NULL");

    [Fact]
    public Task BatchedDataFixOnAMissingTable_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text);",
        new FixInBatches(inContract: false, table: "nope"),
        RuleIds.MissingOrTakenName,
        "There is no table \"public\".\"nope\"");

    [Fact]
    public Task RenameOfAMissingColumn_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text); INSERT INTO t VALUES (1, 'a');",
        new RenameOf("t", "mail", "email_address"),
        RuleIds.MissingOrTakenName,
        "There is no column \"mail\" in \"public\".\"t\"");

    [Fact]
    public Task RenameOnAMissingTable_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text);",
        new RenameOf("nope", "email", "email_address"),
        RuleIds.MissingOrTakenName,
        "There is no table \"public\".\"nope\"");

    [Fact]
    public Task RenameOntoAnExistingColumn_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text, email_address text); INSERT INTO t VALUES (1, 'a', 'b');",
        new RenameOf("t", "email", "email_address"),
        RuleIds.MissingOrTakenName,
        "\"public\".\"t\" already has a column \"email_address\"");

    [Fact]
    public Task AlterOfAMissingColumn_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text);",
        new AlterMissing(),
        RuleIds.MissingOrTakenName,
        "There is no column \"mail\" in \"public\".\"t\"");

    [Fact]
    public Task DeleteOfAMissingColumn_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text);",
        new DeleteMissing(),
        RuleIds.MissingOrTakenName,
        "There is no column \"mail\" in \"public\".\"t\"");

    [Migration(2)]
    private sealed class RawSql(string sql) : Migration
    {
        public override void Up() => Execute.Sql(sql);

        public override void Down() { }
    }

    [Fact]
    public Task RawDeleteOfEveryRowThatReturnsThem_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text); INSERT INTO t VALUES (1, 'a'), (2, 'b');",
        new RawSql("DELETE FROM t RETURNING id"),
        RuleIds.RawSqlWithoutPhase,
        "a DELETE without WHERE removes every row in one statement");

    /// <summary>A plain DELETE of every row runs in key-range batches: without a usable key it cannot, before anything changes.</summary>
    [Fact]
    public Task RawDeleteOfEveryRow_OnATableWithoutAKey_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer, email text); INSERT INTO t VALUES (1, 'a'), (2, 'b');",
        new RawSql("DELETE FROM t"),
        RuleIds.BackfillWithoutKey,
        "\"public\".\"t\"");

    /// <summary>An INSERT … SELECT of every row that cannot run in batches of the source (a call in the list could be an aggregate).</summary>
    [Fact]
    public Task RawInsertSelectOfEveryRowWithACall_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text); CREATE TABLE archive (id integer, email text); INSERT INTO t VALUES (1, 'a'), (2, 'b');",
        new RawSql("INSERT INTO archive (id, email) SELECT id, lower(email) FROM t"),
        RuleIds.RawSqlWithoutPhase,
        "this one cannot run in batches of the source's key");

    [Fact]
    public Task RawWholeTableUpdateWithAJoin_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text); INSERT INTO t VALUES (1, 'a'), (2, 'b');",
        new RawSql("UPDATE t SET email = other.id::text FROM other"),
        RuleIds.RawSqlWithoutPhase,
        "cannot run in batches: it joins other tables (FROM)");

    [Fact]
    public Task RawWholeTableUpdateReadingItsOwnTable_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text); INSERT INTO t VALUES (1, 'a'), (2, 'b');",
        new RawSql("UPDATE t SET email = (SELECT max(email) FROM t)"),
        RuleIds.RawSqlWithoutPhase,
        "its SET reads the table it updates");

    [Fact]
    public Task RawWholeTableUpdateOnATableWithoutAUsableKey_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer, email text); INSERT INTO t VALUES (1, 'a');",
        new RawSql("UPDATE t SET email = lower(email)"),
        RuleIds.BackfillWithoutKey,
        "no primary key");

    [Fact]
    public Task RawTypeChangeWithUsing_IsRefusedWithTheShadowColumnRecipe() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text); INSERT INTO t VALUES (1, '1');",
        new RawSql("ALTER TABLE t ALTER COLUMN email TYPE integer USING email::integer"),
        RuleIds.RawSqlWithoutPhase,
        "a column type changed in place rewrites the table");

    [Fact]
    public Task RawUpdateOfAMissingTable_IsRefused() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, email text);",
        new RawSql("UPDATE \"T\" SET email = 'x' WHERE id = 1"),
        RuleIds.MissingOrTakenName,
        "There is no table \"public\".\"T\"");

    [Migration(4)]
    private sealed class RenameStatus : Migration
    {
        public override void Up() => Rename.Column("status").OnTable("t").To("state");

        public override void Down() { }
    }

    [Fact]
    public async Task ARenameOfAColumnAddedEarlierInTheRelease_IsNotRefused()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("refuse_added_then_renamed");
        await ExecuteAsync(connectionString, "CREATE TABLE other (id integer PRIMARY KEY); CREATE TABLE t (id integer PRIMARY KEY, email text);");

        var plan = await new SafeMigrator(connectionString, Options).PlanAsync(MigrationInstances.Collect(new AddNote(), new AddStatus(), new RenameStatus()));

        Assert.Empty(plan.Refusals);
    }

    [Fact]
    public async Task AnExpandedRename_IsNotHeldAgainstItsOwnNewColumn_WhenTheReleaseIsPlannedAgain()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("refuse_expanded_rename");
        await ExecuteAsync(connectionString, "CREATE TABLE other (id integer PRIMARY KEY); CREATE TABLE t (id integer PRIMARY KEY, email text); INSERT INTO t VALUES (1, 'a');");
        var migrator = new SafeMigrator(connectionString, Options);
        await migrator.ExpandAsync(MigrationInstances.Collect(new AddNote(), new RenameOf("t", "email", "email_address")));
        var migrations = MigrationInstances.Collect(new AddNote(), new RenameOf("t", "email", "email_address"), new AddStatus());

        var plan = await migrator.PlanAsync(migrations);
        await migrator.ExpandAsync(migrations);
        await migrator.ContractAsync(migrations);

        Assert.Empty(plan.Refusals);
        Assert.Equal("a", await ScalarAsync(connectionString, "SELECT email_address FROM t WHERE id = 1"));
        Assert.Equal(MigrationPhase.Contracted, (await migrator.StatusAsync(migrations))[3]);
    }

    /// <summary>
    /// Migration 1 expanded (the state exists), then migration 2 plus a harmless migration 3: expand is refused with
    /// the rule, and the database is as it was, migration 3's column included.
    /// </summary>
    private static async Task RefusedAsync(string setupSql, Migration refused, string ruleId, string reason)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("refuse_before_change");
        await ExecuteAsync(connectionString, "CREATE TABLE other (id integer PRIMARY KEY); " + setupSql);
        var migrator = new SafeMigrator(connectionString, Options);
        await migrator.ExpandAsync(MigrationInstances.Collect(new AddNote()));
        var migrations = MigrationInstances.Collect(new AddNote(), refused, new AddStatus());
        var before = await DatabaseDump.ReadAsync(connectionString);

        var plan = await migrator.PlanAsync(migrations);
        var error = await Assert.ThrowsAsync<RefusedException>(() => migrator.ExpandAsync(migrations));

        var refusal = Assert.Single(plan.Refusals);
        Assert.Equal(ruleId, refusal.RuleId);
        Assert.Contains(reason, refusal.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseDump.ReadAsync(connectionString));
        Assert.Equal(MigrationPhase.Pending, (await migrator.StatusAsync(migrations))[2]);
    }
}
