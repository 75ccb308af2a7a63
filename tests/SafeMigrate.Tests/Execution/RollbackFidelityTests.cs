using FluentMigrator;
using SafeMigrate.Errors;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// Rollback gives back what expand relaxed and removes what the release inserted, and nothing else: a column that
/// <c>Delete.Column</c> made nullable is NOT NULL again (or, when rows written since hold NULL, the rollback stops at
/// that step and changes no row); rows an insert added to an existing table are deleted when a key identifies them
/// (and only those still as inserted); with no key the plan says they stay. Each release is also made to fail at every
/// expand step in turn and rolled back (<see cref="FaultInjection"/>): no row or object that existed before changes.
/// </summary>
public sealed class RollbackFidelityTests
{
    private const string Setup = """
        CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, age integer NOT NULL);
        INSERT INTO users SELECT g, 'user' || g || '@example.com', 20 + g FROM generate_series(1, 5) g;
        CREATE TABLE teams (id integer PRIMARY KEY, title text NOT NULL, CONSTRAINT uq_teams_title UNIQUE (title));
        INSERT INTO teams VALUES (1, 'red'), (2, 'blue');
        CREATE TABLE events (kind text, at integer);
        INSERT INTO events VALUES ('boot', 1);
        """;

    [Migration(1)]
    private sealed class DropAge : Migration
    {
        public override void Up() => Delete.Column("age").FromTable("users");

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class InsertTeams : Migration
    {
        public override void Up() => Insert.IntoTable("teams").Row(new { id = 3, title = "green" }).Row(new { id = 4, title = "gold" });

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class InsertEvents : Migration
    {
        public override void Up() => Insert.IntoTable("events").Row(new { kind = "release", at = 2 });

        public override void Down() { }
    }

    [Fact]
    public async Task DropColumnAndInserts_FaultAtEveryStep_NoPreExistingRowOrObjectChanges()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("rollback_fidelity");
        await ExecuteAsync(connectionString, Setup);
        var migrations = MigrationInstances.Collect(new DropAge(), new InsertTeams());
        var before = await DatabaseDump.ReadAsync(connectionString);

        // The teams rows are compared too: rollback deletes the inserted ones (FaultInjection reads that from the plan).
        var faults = await FaultInjection.RollBackAfterEveryFaultAsync(connectionString, migrations, Options);

        Assert.True(faults >= 4, $"{faults} faults injected");
        Assert.Equal(Without(before, "safe_migrate", "VersionInfo", "UC_Version"), Without(await DatabaseDump.ReadAsync(connectionString), "safe_migrate", "VersionInfo", "UC_Version"));
    }

    [Fact]
    public async Task DropColumn_Rollback_MakesTheColumnNotNullAgain()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("rollback_not_null");
        await ExecuteAsync(connectionString, Setup);
        var migrations = MigrationInstances.Collect(new DropAge());
        var migrator = new SafeMigrator(connectionString, Options);

        await migrator.ExpandAsync(migrations);
        Assert.Equal(false, await NotNullAsync(connectionString));
        await ExecuteAsync(connectionString, "INSERT INTO users (id, email, age) VALUES (50, 'old-version@example.com', 40)");
        await migrator.RollbackAsync(migrations);

        Assert.Equal(true, await NotNullAsync(connectionString));
        Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'c'"));
        Assert.Equal(6L, await ScalarAsync(connectionString, "SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task DropColumn_RowsWrittenWithNullSinceTheExpand_RollbackStopsAtThatStepChangingNoRow_ThenFinishesOnceTheyAreFilled()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("rollback_not_null_stop");
        await ExecuteAsync(connectionString, Setup);
        var migrations = MigrationInstances.Collect(new DropAge());
        var migrator = new SafeMigrator(connectionString, Options);
        await migrator.ExpandAsync(migrations);
        // The new version's inserts leave the dropped column out.
        await ExecuteAsync(connectionString, "INSERT INTO users (id, email) VALUES (60, 'new-version@example.com'), (61, 'new-version-2@example.com')");
        var rowsBefore = await FaultInjection.RowChecksumsAsync(connectionString);

        var error = await Assert.ThrowsAsync<DatabaseFailureException>(() => migrator.RollbackAsync(migrations));

        Assert.Contains("cannot make \"public\".\"users\".\"age\" NOT NULL again: 2 row(s) written since the expand have NULL in it", error.Message, StringComparison.Ordinal);
        Assert.Contains("run rollback again", error.Message, StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await FaultInjection.RowChecksumsAsync(connectionString));
        Assert.Equal(false, await NotNullAsync(connectionString));
        Assert.Equal(MigrationPhase.RollingBack, (await migrator.StatusAsync(migrations))[1]);
        // The check keeps new NULLs out meanwhile; the old version's inserts, which give the column, go on.
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(connectionString, "INSERT INTO users (id, email) VALUES (62, 'x@example.com')"));
        await ExecuteAsync(connectionString, "INSERT INTO users (id, email, age) VALUES (63, 'old@example.com', 33)");

        await ExecuteAsync(connectionString, "UPDATE users SET age = 0 WHERE age IS NULL");
        await migrator.RollbackAsync(migrations);

        Assert.Equal(true, await NotNullAsync(connectionString));
        Assert.Equal(MigrationPhase.Pending, (await migrator.StatusAsync(migrations))[1]);
        Assert.Equal(8L, await ScalarAsync(connectionString, "SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task InsertIntoAnExistingTable_Rollback_DeletesTheInsertedRowsStillAsInserted_AndNoOther()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("rollback_insert");
        await ExecuteAsync(connectionString, Setup);
        var migrations = MigrationInstances.Collect(new InsertTeams());
        var migrator = new SafeMigrator(connectionString, Options);

        var plan = await migrator.PlanAsync(migrations);
        var insert = Assert.Single(plan.Migrations.Single().Expand);
        Assert.Contains("a rollback deletes them by (\"id\")", insert.Description, StringComparison.Ordinal);
        Assert.Equal(
            "DELETE FROM \"public\".\"teams\" WHERE \"id\" = 3 AND \"title\" = 'green';DELETE FROM \"public\".\"teams\" WHERE \"id\" = 4 AND \"title\" = 'gold';",
            Assert.Single(plan.Migrations.Single().Rollback).Sql!.ReplaceLineEndings(string.Empty));

        await migrator.ExpandAsync(migrations);
        // During the overlap the app renames one of the release's rows and adds one of its own.
        await ExecuteAsync(connectionString, "UPDATE teams SET title = 'gold (renamed)' WHERE id = 4; INSERT INTO teams VALUES (5, 'app row');");
        await migrator.RollbackAsync(migrations);

        Assert.Equal(
            "1 red|2 blue|4 gold (renamed)|5 app row",
            await ScalarAsync(connectionString, "SELECT string_agg(id || ' ' || title, '|' ORDER BY id) FROM teams"));
    }

    [Fact]
    public async Task InsertIntoATableWithoutKey_ThePlanSaysRollbackLeavesTheRows_AndItDoes()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("rollback_insert_keyless");
        await ExecuteAsync(connectionString, Setup);
        var migrations = MigrationInstances.Collect(new InsertEvents());
        var migrator = new SafeMigrator(connectionString, Options);

        var plan = await migrator.PlanAsync(migrations);
        Assert.Contains("a rollback leaves these rows: the table has no primary key or unique index", Assert.Single(plan.Migrations.Single().Expand).Description, StringComparison.Ordinal);
        Assert.Empty(plan.Migrations.Single().Rollback);

        await migrator.ExpandAsync(migrations);
        await migrator.RollbackAsync(migrations);

        Assert.Equal(2L, await ScalarAsync(connectionString, "SELECT count(*) FROM events"));
    }

    [Fact]
    public async Task InsertThatFailsOnAnExistingKey_Rollback_KeepsThePreExistingRow()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("rollback_insert_duplicate");
        await ExecuteAsync(connectionString, Setup + "INSERT INTO teams VALUES (3, 'green');");
        var migrations = MigrationInstances.Collect(new InsertTeams());
        var migrator = new SafeMigrator(connectionString, Options);

        await Assert.ThrowsAsync<DatabaseFailureException>(() => migrator.ExpandAsync(migrations));
        await migrator.RollbackAsync(migrations);

        Assert.Equal("1 red|2 blue|3 green", await ScalarAsync(connectionString, "SELECT string_agg(id || ' ' || title, '|' ORDER BY id) FROM teams"));
    }

    private static Task<object?> NotNullAsync(string connectionString) =>
        ScalarAsync(connectionString, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'age'");

    private static List<string> Without(IReadOnlyList<string> dump, params string[] parts) =>
        dump.Where(line => !parts.Any(p => line.Contains(p, StringComparison.Ordinal))).ToList();
}
