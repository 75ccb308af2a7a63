using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Planning;
using Xunit;
using static SafeMigrate.Tests.Providers.SqlServer.SqlServerOperationMigrations;
using SafeMigrate.Steps;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>The SQL Server recipes each edition gets, and what the plan says when a step cannot run online.</summary>
public sealed class SqlServerRecipeTests
{
    private static readonly SqlServerTarget Standard2016 = SqlServerTarget.MostConservative;
    private static readonly SqlServerTarget Enterprise2017 = new(SqlServerEdition.Enterprise, 14);
    private static readonly SqlServerTarget Enterprise2019 = new(SqlServerEdition.Enterprise, 15);
    private static readonly SqlServerTarget Enterprise2022 = new(SqlServerEdition.Enterprise, 16);

    private static PlannedMigration Plan(SqlServerTarget target, Type migration, bool validate = false) =>
        Assert.Single(SqlServerPlans.Plan(target, migration, validate).Migrations);

    [Fact]
    public void ParseErrors_ReportsBrokenTSql()
    {
        Assert.NotEmpty(TSql.ParseErrors("ALTER TABLE [dbo].[users] WITH NOCHEK ADD CONSTRAINT [fk] FOREIGN KEY ([a]) REFERENCES [dbo].[b] ([id]);"));
        Assert.NotEmpty(TSql.ParseErrors("CREATE INDEX [ix] ON [dbo].[users] ([a] WITH (ONLINE = ON);"));
        Assert.Equal(2, TSql.BatchCount("SELECT 1;\nGO\nSELECT 2;"));
    }

    [Fact]
    public void RenameColumn_TriggerSyncsBothWays_OldColumnDroppedOnlyInContract()
    {
        var plan = Plan(Standard2016, typeof(RenameColumn));
        Assert.Contains(plan.Expand, s => s.Sql?.Contains("AFTER INSERT, UPDATE", StringComparison.Ordinal) == true
                                          && s.Sql.Contains("TRIGGER_NESTLEVEL(@@PROCID) > 1 RETURN", StringComparison.Ordinal));
        Assert.Contains(plan.Expand, s => s is BackfillStep { Request.SetClause: "[email_address] = [email]" });
        Assert.DoesNotContain(plan.Expand, s => s.Sql?.Contains("DROP COLUMN [email]", StringComparison.Ordinal) == true);
        Assert.Contains(plan.Contract, s => s.Sql?.Contains("DROP COLUMN [email];", StringComparison.Ordinal) == true);
        Assert.Contains(plan.Rollback, s => s.Sql?.Contains("DROP TRIGGER IF EXISTS", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void RenameTable_KeepsOldNameAsSynonymUntilContract()
    {
        var plan = Plan(Standard2016, typeof(RenameTable));
        var expand = Assert.Single(plan.Expand);
        Assert.Contains("sp_rename", expand.Sql, StringComparison.Ordinal);
        Assert.Contains("CREATE SYNONYM [dbo].[orders] FOR [dbo].[purchases];", expand.Sql, StringComparison.Ordinal);
        Assert.Equal("DROP SYNONYM IF EXISTS [dbo].[orders];", Assert.Single(plan.Contract).Sql);
    }

    [Fact]
    public void ForeignKey_WithNoCheck_ValidatedOnlyWhenAsked()
    {
        var plan = Plan(Enterprise2022, typeof(AddForeignKey));
        Assert.StartsWith("ALTER TABLE [dbo].[orders] WITH NOCHECK ADD CONSTRAINT [fk_orders_users]", Assert.Single(plan.Expand).Sql, StringComparison.Ordinal);

        var validated = Plan(Enterprise2022, typeof(AddForeignKey), validate: true);
        Assert.Equal(2, validated.Expand.Count);
        Assert.True(validated.Expand[1].BlocksWrites);
        Assert.Contains("WITH CHECK CHECK CONSTRAINT [fk_orders_users]", validated.Expand[1].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void DropColumn_OnlyInContract_DefaultIndexesAndStatisticsFirst()
    {
        var plan = Plan(Standard2016, typeof(DropColumn));
        Assert.DoesNotContain(plan.Expand, s => s.Sql?.Contains("DROP COLUMN", StringComparison.Ordinal) == true);
        var drop = Assert.Single(plan.Contract).Sql!;
        Assert.True(drop.IndexOf("sys.default_constraints", StringComparison.Ordinal) < drop.IndexOf("DROP COLUMN [legacy_code]", StringComparison.Ordinal));
        Assert.Contains("DROP STATISTICS", drop, StringComparison.Ordinal);
        Assert.Contains("DROP INDEX", drop, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateIndex_FormFollowsEditionAndVersion()
    {
        var standard = Assert.Single(Plan(Standard2016, typeof(CreateIndex)).Expand);
        Assert.True(standard.BlocksWrites);
        Assert.Contains("offline", standard.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("ONLINE", standard.Sql, StringComparison.Ordinal);

        var enterprise2017 = Assert.Single(Plan(Enterprise2017, typeof(CreateIndex)).Expand);
        Assert.False(enterprise2017.BlocksWrites);
        Assert.Contains("WITH (ONLINE = ON);", enterprise2017.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("RESUMABLE", enterprise2017.Sql, StringComparison.Ordinal);

        var enterprise2019 = Assert.Single(Plan(Enterprise2019, typeof(CreateIndex)).Expand);
        Assert.Contains("WITH (ONLINE = ON, RESUMABLE = ON)", enterprise2019.Sql, StringComparison.Ordinal);
        Assert.Contains("RESUME;", enterprise2019.Sql, StringComparison.Ordinal);
        Assert.False(((SqlStep)enterprise2019).Transactional);

        var enterprise2022 = Assert.Single(Plan(Enterprise2022, typeof(CreateIndex)).Expand);
        Assert.Contains("WAIT_AT_LOW_PRIORITY (MAX_DURATION = 1 MINUTES, ABORT_AFTER_WAIT = SELF)", enterprise2022.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void NotNullColumnWithDefault_MetadataOnlyOnEnterprise_BackfilledOnStandard()
    {
        var enterprise = Plan(Enterprise2022, typeof(AddNotNullColumnWithDefault));
        Assert.Contains("NOT NULL CONSTRAINT [DF_users_status] DEFAULT N'active'", Assert.Single(enterprise.Expand).Sql, StringComparison.Ordinal);
        Assert.Empty(enterprise.Contract);

        var standard = Plan(Standard2016, typeof(AddNotNullColumnWithDefault));
        Assert.DoesNotContain("NOT NULL", standard.Expand[0].Sql, StringComparison.Ordinal);
        Assert.Contains(standard.Expand, s => s is BackfillStep);
        Assert.Contains(standard.Contract, s => s.BlocksWrites && s.Sql!.Contains("NOT NULL", StringComparison.Ordinal));
    }

    [Fact]
    public void VolatileDefault_NamedConstraint_BackfillUsesNewId()
    {
        var plan = Plan(Enterprise2022, typeof(AddColumnWithVolatileDefault));
        Assert.Contains(plan.Expand, s => s.Sql == "ALTER TABLE [dbo].[users] ADD CONSTRAINT [DF_users_token] DEFAULT NEWSEQUENTIALID() FOR [token];");
        Assert.Contains(plan.Expand, s => s is BackfillStep { Request.SetClause: "[token] = NEWID()" });
    }

    [Fact]
    public void ChangeColumnType_OnlineAlterOnEnterprise_ShadowColumnOnStandard()
    {
        var enterprise = Plan(Enterprise2022, typeof(ChangeColumnType));
        Assert.Empty(enterprise.Expand);
        Assert.Equal("ALTER TABLE [dbo].[users] ALTER COLUMN [name] NVARCHAR(200) NOT NULL WITH (ONLINE = ON);", Assert.Single(enterprise.Contract).Sql);

        var standard = Plan(Standard2016, typeof(ChangeColumnType));
        Assert.Contains(standard.Expand, s => s.Sql?.Contains("ADD [_sm_new_", StringComparison.Ordinal) == true);
        Assert.Contains(standard.Contract, s => s.Sql?.Contains("sp_rename", StringComparison.Ordinal) == true);
        Assert.Contains(standard.Contract, s => s.BlocksWrites);
    }

    [Fact]
    public void EveryBlockingStep_SaysSoInItsDescription()
    {
        foreach (var target in SqlServerPlans.Matrix)
        {
            foreach (var migration in SqlServerOperationMigrations.All)
            {
                var planned = Plan(target, migration.GetType(), validate: true);
                foreach (var (_, step) in planned.BlockingSteps)
                {
                    Assert.Matches("offline|wait", step.Description);
                }

                if (target.OnlineIndexOperations && migration is not AddForeignKey)
                {
                    Assert.Empty(planned.BlockingSteps);
                }
            }
        }
    }
}
