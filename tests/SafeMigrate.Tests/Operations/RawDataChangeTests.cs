using FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Steps;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Backfill;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

/// <summary>
/// Data fixes in <c>Execute.Sql</c>: UPDATE and DELETE bounded by their WHERE run as written in expand; a whole-table
/// UPDATE runs as the batched backfill (two rows a batch here), and leaves the rows as the one statement would have.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class RawDataChangeTests
{
    /// <summary>Progress that fails the run right after its second batch committed, as a kill there would stop it.</summary>
    private static SynchronousProgress KilledAfterTheSecondBatch()
    {
        var batches = 0;
        return new SynchronousProgress(_ =>
        {
            if (++batches == 2)
            {
                throw new OperationCanceledException("killed after the second batch");
            }
        });
    }

    [Migration(1)]
    private sealed class RawSql(string sql) : Migration
    {
        public override void Up() => Execute.Sql(sql);

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class CreateThenEmpty : Migration
    {
        public override void Up()
        {
            Create.Table("scratch").WithColumn("id").AsInt32().PrimaryKey();
            Execute.Sql("DELETE FROM scratch");
        }

        public override void Down() { }
    }

    /// <summary>
    /// <c>DELETE FROM t</c> on an existing table: one key range per batch and transaction (two rows a batch here), every
    /// row gone; killed after a batch, the same command resumes after it and ends in the same state.
    /// </summary>
    [Fact]
    public async Task WholeTableDelete_RunsBatched_ResumesAfterAKill_EveryRowGone()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("raw_delete_all");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users);
            var migrations = MigrationInstances.Collect(new RawSql("DELETE FROM \"users\";"));
            var killer = KilledAfterTheSecondBatch();

            var plan = await new SafeMigrator(connectionString, Options).PlanAsync(migrations);
            var step = Assert.Single(Assert.Single(plan.Migrations).Expand);
            Assert.Equal(StepWork.Backfill, step.Work);
            Assert.Contains("delete every row of \"public\".\"users\" in batches", step.Description, StringComparison.Ordinal);

            await Assert.ThrowsAnyAsync<Exception>(() => new SafeMigrator(connectionString, Options with { BackfillProgress = killer }).ExpandAsync(migrations));
            var left = (long)(await ScalarAsync(connectionString, "SELECT count(*) FROM users"))!;
            Assert.InRange(left, 1, 6);

            await new SafeMigrator(connectionString, Options).ExpandAsync(migrations);
            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM users"));
            Assert.Equal(3L, await ScalarAsync(connectionString, "SELECT count(*) FROM teams"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>
    /// <c>INSERT INTO archive SELECT … FROM users</c> on an existing source: one key range of the source per batch, the
    /// copy equal to the one statement's, resumable after a kill; one bounded by a WHERE runs as written.
    /// </summary>
    [Fact]
    public async Task InsertSelectOfEveryRow_RunsBatchedOverTheSource_CopyAsTheOneStatementMakesIt()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("raw_insert_select");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users + "CREATE TABLE archive (id integer PRIMARY KEY, email text, tag text);");
            var migrations = MigrationInstances.Collect(new RawSql("INSERT INTO archive (id, email, tag) SELECT id, email, 'moved' FROM users"));
            var killer = KilledAfterTheSecondBatch();

            var plan = await new SafeMigrator(connectionString, Options).PlanAsync(migrations);
            var step = Assert.Single(Assert.Single(plan.Migrations).Expand);
            Assert.Equal(StepWork.Backfill, step.Work);
            Assert.Contains("copy every row of \"public\".\"users\" into \"public\".\"archive\" in batches", step.Description, StringComparison.Ordinal);

            await Assert.ThrowsAnyAsync<Exception>(() => new SafeMigrator(connectionString, Options with { BackfillProgress = killer }).ExpandAsync(migrations));
            Assert.InRange((long)(await ScalarAsync(connectionString, "SELECT count(*) FROM archive"))!, 1, 6);
            await new SafeMigrator(connectionString, Options).ExpandAsync(migrations);

            Assert.Equal(
                await ScalarAsync(connectionString, "SELECT string_agg(id || ':' || email || ':moved', ',' ORDER BY id) FROM users"),
                await ScalarAsync(connectionString, "SELECT string_agg(id || ':' || email || ':' || tag, ',' ORDER BY id) FROM archive"));

            var bounded = await new SafeMigrator(connectionString, Options).PlanAsync(
                MigrationInstances.Collect(new RawSql("INSERT INTO archive (id, email) SELECT id, lower(email) FROM users WHERE id > 5")));
            Assert.IsType<SqlStep>(Assert.Single(Assert.Single(bounded.Migrations).Expand));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task WholeTableUpdate_RunsBatched_RowsAsTheOneStatementLeavesThem()
    {
        const string update = "UPDATE {0} SET name = upper(name) || '-' || id, age = NULL";
        var connectionString = await TestPostgres.CreateDatabaseAsync("raw_update_all");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users + "CREATE TABLE users_plain AS SELECT * FROM users;");
            await ExecuteAsync(connectionString, string.Format(update, "users_plain"));
            var migrations = MigrationInstances.Collect(new RawSql(string.Format(update, "users")));
            var progress = new SynchronousProgress(_ => { });
            var migrator = new SafeMigrator(connectionString, Options with { BackfillProgress = progress });

            var plan = await migrator.PlanAsync(migrations);
            var step = Assert.IsType<BackfillStep>(Assert.Single(Assert.Single(plan.Migrations).Expand));
            Assert.Equal("name = upper(name) || '-' || id, age = NULL", step.Request.SetClause);
            Assert.Contains("not undone by rollback", step.Description, StringComparison.Ordinal);

            await migrator.ExpandAsync(migrations);
            await migrator.ContractAsync(migrations);

            Assert.Equal(0L, await ScalarAsync(connectionString, """
                SELECT count(*) FROM users u FULL JOIN users_plain p USING (id)
                WHERE (u.email, u.name, u.age) IS DISTINCT FROM (p.email, p.name, p.age)
                """));
            // 7 rows, at most 2 a batch.
            Assert.True(progress.Reports.Count >= 4, $"{progress.Reports.Count} batches");
            Assert.Equal(7L, progress.Reports[^1].RowsDone);
            Assert.Equal(MigrationPhase.Contracted, (await migrator.StatusAsync(migrations))[1]);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task WholeTableUpdate_QuotedNames_AsTheServerReadsThem()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("raw_update_quoted");
        try
        {
            await ExecuteAsync(connectionString, """
                CREATE SCHEMA "Sales";
                CREATE TABLE "Sales"."Orders" ("Id" integer PRIMARY KEY, "Total" integer NOT NULL);
                INSERT INTO "Sales"."Orders" SELECT g, g * 10 FROM generate_series(1, 5) g;
                """);
            var migrations = MigrationInstances.Collect(new RawSql("UPDATE \"Sales\".\"Orders\" SET \"Total\" = \"Total\" * 2"));

            await new SafeMigrator(connectionString, Options).ExpandAsync(migrations);

            Assert.Equal(300L, await ScalarAsync(connectionString, "SELECT sum(\"Total\") FROM \"Sales\".\"Orders\""));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task BoundedChanges_RunAsWrittenInExpand_RollbackSaysItDoesNotUndoThem()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("raw_bounded");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users);
            var migrations = MigrationInstances.Collect(new RawSql("UPDATE users SET name = NULL WHERE id > 5; DELETE FROM teams WHERE id = 3;"));
            var migrator = new SafeMigrator(connectionString, Options);

            var planned = Assert.Single((await migrator.PlanAsync(migrations)).Migrations);
            var step = Assert.IsType<SqlStep>(Assert.Single(planned.Expand));
            Assert.Contains("not undone by rollback", step.Description, StringComparison.Ordinal);
            Assert.Empty(planned.Rollback);
            Assert.Empty(planned.Contract);

            await migrator.ExpandAsync(migrations);

            Assert.Equal("6,7", await ScalarAsync(connectionString, "SELECT string_agg(id::text, ',' ORDER BY id) FROM users WHERE name IS NULL"));
            Assert.Equal("1,2", await ScalarAsync(connectionString, "SELECT string_agg(id::text, ',' ORDER BY id) FROM teams"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public void WholeTableDelete_OnATableOfTheSameRelease_RunsAsWritten()
    {
        var plan = SafeMigrator.PlanOffline(MigrationInstances.Collect(new CreateThenEmpty()));

        Assert.Empty(plan.Refusals);
        var steps = Assert.Single(plan.Migrations).Expand;
        Assert.Contains(steps, s => s is SqlStep { Statement: "DELETE FROM scratch" });
    }
}
