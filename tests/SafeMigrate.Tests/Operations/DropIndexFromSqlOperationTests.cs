using FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Rules;
using SafeMigrate.Steps;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

/// <summary>
/// <c>Execute.Sql("DROP INDEX [IF EXISTS] ix")</c> on PostgreSQL: the index stays through expand (the old version's
/// queries may use it) and is dropped CONCURRENTLY, IF EXISTS, outside a transaction, in contract.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class DropIndexFromSqlOperationTests
{
    /// <summary>The identity of the index in the catalog: its pg_class row (oid, relfilenode) and pg_index row, or null once it is gone.</summary>
    private const string IndexIdentity = """
        SELECT c.oid::bigint || ' ' || c.relfilenode::bigint || ' ' || i.indisvalid || ' ' || i.indisready || ' ' || pg_get_indexdef(c.oid)
        FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.oid = to_regclass('{0}')
        """;

    [Migration(1)]
    private sealed class DropEmailIndex : Migration
    {
        public override void Up() => Execute.Sql("DROP INDEX IF EXISTS ix_users_email;");

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class DropQuotedIndexes : Migration
    {
        public override void Up() => Execute.Sql("DROP INDEX public.\"IX_Users_Name\", ix_users_age");

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class DropIndexCascade : Migration
    {
        public override void Up() => Execute.Sql("DROP INDEX ix_users_email CASCADE");

        public override void Down() { }
    }

    [Fact]
    public Task DropIndex_KeptThroughExpand_DroppedInContract_AsPlainFluentMigrator() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new DropEmailIndex()),
        new VersionClient("old", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id"),
        new VersionClient("new", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id"),
        afterExpand: async cs => Assert.NotNull(await ScalarAsync(cs, string.Format(IndexIdentity, "ix_users_email"))),
        afterContract: async cs => Assert.Null(await ScalarAsync(cs, string.Format(IndexIdentity, "ix_users_email"))));

    [Fact]
    public void Plan_OneContractStepOutsideATransaction_NothingInExpand()
    {
        var plan = SafeMigrator.PlanOffline(MigrationInstances.Collect(new DropEmailIndex()));

        Assert.Empty(plan.Refusals);
        var migration = Assert.Single(plan.Migrations);
        Assert.Empty(migration.Expand);
        Assert.Empty(migration.Rollback);
        var step = Assert.IsType<SqlStep>(Assert.Single(migration.Contract));
        Assert.Equal("DROP INDEX CONCURRENTLY IF EXISTS ix_users_email;", step.Statement);
        Assert.False(step.Transactional);
        Assert.False(step.BlocksWrites);
    }

    [Fact]
    public async Task QuotedAndQualifiedNames_EachDroppedAsWritten_CatalogUnchangedUntilContract()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("dropindexsql");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users + """
                CREATE INDEX "IX_Users_Name" ON users (name);
                CREATE INDEX ix_users_age ON users (age DESC);
                """);
            var migrations = MigrationInstances.Collect(new DropQuotedIndexes());
            var migrator = new SafeMigrator(connectionString, Options);
            var name = await ScalarAsync(connectionString, string.Format(IndexIdentity, "public.\"IX_Users_Name\""));
            var age = await ScalarAsync(connectionString, string.Format(IndexIdentity, "ix_users_age"));
            Assert.NotNull(name);
            Assert.NotNull(age);

            await migrator.ExpandAsync(migrations);

            // The same pg_class and pg_index rows (oid, relfilenode, valid): expand did not touch them.
            Assert.Equal(name, await ScalarAsync(connectionString, string.Format(IndexIdentity, "public.\"IX_Users_Name\"")));
            Assert.Equal(age, await ScalarAsync(connectionString, string.Format(IndexIdentity, "ix_users_age")));

            await migrator.ContractAsync(migrations);

            Assert.Null(await ScalarAsync(connectionString, string.Format(IndexIdentity, "public.\"IX_Users_Name\"")));
            Assert.Null(await ScalarAsync(connectionString, string.Format(IndexIdentity, "ix_users_age")));
            Assert.NotNull(await ScalarAsync(connectionString, string.Format(IndexIdentity, "ix_users_email")));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task IndexAlreadyGone_ContractResumes()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("dropindexresume");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users);
            var migrations = MigrationInstances.Collect(new DropEmailIndex());
            var migrator = new SafeMigrator(connectionString, Options);
            await migrator.ExpandAsync(migrations);

            // As if a contract had dropped it and was stopped before recording the step done.
            await ExecuteAsync(connectionString, "DROP INDEX ix_users_email");
            await migrator.ContractAsync(migrations);

            Assert.Equal(SafeMigrate.State.MigrationPhase.Contracted, (await migrator.StatusAsync(migrations))[1]);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public void Cascade_StillRefused_CONCURRENTLYCannotCascade()
    {
        var plan = SafeMigrator.PlanOffline(MigrationInstances.Collect(new DropIndexCascade()));

        Assert.Equal(RuleIds.RawSqlWithoutPhase, Assert.Single(plan.Refusals).RuleId);
    }
}
