using FluentMigrator;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using Xunit;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Steps;

namespace SafeMigrate.Tests.Planning;

public sealed class ReleasePlannerTests
{
    [Migration(1)]
    private sealed class RequiredColumnWithoutValue : Migration
    {
        public override void Up() => Create.Column("required").OnTable("users").AsInt32().NotNullable();

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class OpaqueSql : Migration
    {
        public override void Up()
        {
            Execute.Sql("UPDATE users SET x = 1; DELETE FROM teams");
            Execute.WithConnection((_, _) => { });
        }

        public override void Down() { }
    }

    [Migration(3)]
    private sealed class RenameAndIndex : Migration
    {
        public override void Up()
        {
            Rename.Column("email").OnTable("users").To("email_address");
            Create.Index("ix_users_email_address").OnTable("users").OnColumn("email_address");
            Delete.Column("age").FromTable("users");
        }

        public override void Down() { }
    }

    [Fact]
    public void UnsafeChanges_AreRefusedWithReasonAndRecipe()
    {
        var plan = SafeMigrator.PlanOffline(MigrationInstances.Collect(new RequiredColumnWithoutValue(), new OpaqueSql()));
        Assert.Equal(3, plan.Refusals.Count);
        var notNull = Assert.Single(plan.Refusals, r => r.Version == 1);
        Assert.Contains("SetExistingRowsTo", notNull.Recipe, StringComparison.Ordinal);
        Assert.Contains(plan.Refusals, r => r.Version == 2 && r.Recipe.Contains("Execute.SqlInExpand", StringComparison.Ordinal));
        Assert.Contains(plan.Refusals, r => r.Version == 2 && r.What.Contains("WithConnection", StringComparison.Ordinal));
        Assert.Throws<SafeMigrate.Errors.RefusedException>(plan.ThrowIfRefused);
    }

    [Fact]
    public void Rename_SplitsIntoExpandAndContractSteps()
    {
        var plan = SafeMigrator.PlanOffline(MigrationInstances.Collect(new RenameAndIndex()));
        Assert.Empty(plan.Refusals);
        var migration = Assert.Single(plan.Migrations);
        Assert.Contains(migration.Expand, s => s is BackfillStep && s.Sql is null);
        Assert.Contains(migration.Expand, s => s is ConcurrentIndexStep && s.Sql!.Contains("CREATE INDEX CONCURRENTLY \"ix_users_email_address\"", StringComparison.Ordinal));
        Assert.Contains(migration.Expand, s => s.Sql?.Contains("CREATE TRIGGER", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(migration.Expand, s => s.Sql?.Contains("DROP COLUMN \"age\"", StringComparison.Ordinal) == true);
        Assert.Contains(migration.Contract, s => s.Sql?.Contains("DROP COLUMN \"age\"", StringComparison.Ordinal) == true);
        Assert.Contains(migration.Contract, s => s.Sql?.Contains("DROP COLUMN \"email\"", StringComparison.Ordinal) == true);
        Assert.Contains(migration.Rollback, s => s.Sql?.Contains("DROP COLUMN IF EXISTS \"email_address\"", StringComparison.Ordinal) == true);
    }
}
