using FluentMigrator;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Rules;
using Xunit;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>
/// On SQL Server a column that another table's foreign key references, or an IDENTITY column, is not replaced by a new
/// column: a rename or a type change of one is refused at plan time (SM5109), before any statement that changes the
/// database is sent, on every edition (in place online, or through a shadow column). Against <see cref="FakeSqlServer"/>,
/// which answers the catalog query with the rows a server would give.
/// </summary>
public sealed class SqlServerReferencedColumnTests
{
    private const string IdentityReason = "it is an IDENTITY column, and SQL Server cannot give an existing column IDENTITY (the new column would lose it): keep its name and type, or rename it with sp_rename (Execute.SqlInContract) while the old version is stopped";

    private const string ForeignKeyReason = "the foreign key [FK_orders_users] of [dbo].[orders] references it, which would stop the old column's DROP COLUMN at contract (SafeMigrate does not copy foreign keys that reference a replaced column on SQL Server)";

    private static readonly SafeMigratorOptions Options = new() { MaxLockAttempts = 3, DrainPollInterval = TimeSpan.FromMilliseconds(1) };

    [Migration(1)]
    private sealed class RenameId : Migration
    {
        public override void Up() => Rename.Column("Id").OnTable("Users").To("user_id");

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class IdToBigint : Migration
    {
        public override void Up() => Alter.Column("id").OnTable("users").AsInt64().NotNullable();

        public override void Down() { }
    }

    [Fact]
    public void TheCatalogQuery_ParsesAsTSql() => Assert.Empty(TSql.ParseErrors(SqlServerCatalog.IrreplaceableColumnsSql));

    [Fact]
    public Task Rename_OfAnIdentityColumn_IsRefused_BeforeAnyChange() => RefusedAsync(SqlServerTarget.MostConservative, new RenameId(), IdentityReason);

    [Fact]
    public Task Rename_OfAReferencedColumn_IsRefused_BeforeAnyChange() => RefusedAsync(SqlServerTarget.MostConservative, new RenameId(), ForeignKeyReason);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TypeChange_OfAnIdentityOrReferencedColumn_IsRefused_BeforeAnyChange(bool enterprise)
    {
        var target = enterprise ? new SqlServerTarget(SqlServerEdition.Enterprise, 16) : SqlServerTarget.MostConservative;
        await RefusedAsync(target, new IdToBigint(), IdentityReason);
        await RefusedAsync(target, new IdToBigint(), ForeignKeyReason);
    }

    [Fact]
    public async Task Rename_OfAnotherColumn_IsNotRefused()
    {
        var server = Server(SqlServerTarget.MostConservative, IdentityReason);
        server.IrreplaceableColumns[0][2] = "name";

        var plan = await new SafeMigrator(server.Database(), Options).PlanAsync(MigrationInstances.Collect(DatabaseProvider.SqlServer, new RenameId()));

        Assert.Empty(plan.Refusals);
    }

    private static FakeSqlServer Server(SqlServerTarget target, string reason)
    {
        var server = new FakeSqlServer { Target = target };
        server.AddTable("users", ("id", "INT", true), ("name", "NVARCHAR(100)", false));
        server.IrreplaceableColumns.Add(["dbo", "users", "id", reason]);
        return server;
    }

    /// <summary>Plan and expand refuse with SM5109 and the reason; no statement reached the user's table, no migration state was written.</summary>
    private static async Task RefusedAsync(SqlServerTarget target, Migration migration, string reason)
    {
        var server = Server(target, reason);
        var migrator = new SafeMigrator(server.Database(), Options);
        var migrations = MigrationInstances.Collect(DatabaseProvider.SqlServer, migration);

        var plan = await migrator.PlanAsync(migrations);
        var error = await Assert.ThrowsAsync<RefusedException>(() => migrator.ExpandAsync(migrations));

        var refusal = Assert.Single(plan.Refusals);
        Assert.Equal(RuleIds.UncopiableColumnDependent, refusal.RuleId);
        Assert.Contains(reason, refusal.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("Drop that index or constraint in an earlier release", error.Message, StringComparison.Ordinal);
        // SafeMigrate's own state schema may be created; no statement names the user's table.
        Assert.DoesNotContain(server.Commands, c => c.Sql.Contains("users", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(server.States);
        Assert.Empty(server.DoneSteps);
        Assert.Empty(server.RunningSteps);
        Assert.Null(server.VersionInfo);
    }
}
