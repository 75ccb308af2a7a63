using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Planning;
using Xunit;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>Every statement of every operation's plan, on every edition and version, parses as T-SQL and is one batch.</summary>
public sealed class SqlServerPlanParseTests
{
    public static TheoryData<SqlServerEdition, int> Targets()
    {
        var data = new TheoryData<SqlServerEdition, int>();
        foreach (var target in SqlServerPlans.Matrix)
        {
            data.Add(target.Edition, target.MajorVersion);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void EveryStepOfEveryOperation_Parses(SqlServerEdition edition, int major)
    {
        var target = new SqlServerTarget(edition, major);
        var failures = new List<string>();
        var statements = 0;
        foreach (var validate in new[] { false, true })
        {
            foreach (var migration in SqlServerOperationMigrations.All)
            {
                var plan = SqlServerPlans.Plan(target, migration.GetType(), validate);
                Assert.Empty(plan.Refusals);
                foreach (var (phase, step) in SqlServerPlans.AllSteps(Assert.Single(plan.Migrations)))
                {
                    if (step.Sql is not { } sql)
                    {
                        continue;
                    }

                    statements++;
                    var errors = TSql.ParseErrors(sql);
                    if (errors.Count > 0)
                    {
                        failures.Add($"{migration.GetType().Name} {phase} '{step.Description}': {string.Join("; ", errors)}\n{sql}");
                    }
                    else if (TSql.BatchCount(sql) != 1)
                    {
                        failures.Add($"{migration.GetType().Name} {phase} '{step.Description}' is not one batch");
                    }
                }
            }
        }

        Assert.True(statements > 50, $"only {statements} statements planned");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void TriggerTemplates_ParseAsTheyStandAndWithAKeyJoin()
    {
        var templates = new[]
        {
            SqlServerSyncTriggerSql.TwoWayTemplate("dbo", "users", "email", "email_address", "_sm_sync_0123456789ab"),
            SqlServerSyncTriggerSql.OneWayTemplate(null, "users", "name", "_sm_new_0123456789ab", "_sm_sync_ba9876543210"),
        };
        foreach (var template in templates)
        {
            Assert.Empty(TSql.ParseErrors(template));
            var composite = template
                .Replace(SqlServerSyncTriggerSql.TableKeyJoin, "t.[tenant] = i.[tenant] AND t.[id] = i.[id]", StringComparison.Ordinal)
                .Replace(SqlServerSyncTriggerSql.DeletedKeyJoin, "d.[tenant] = i.[tenant] AND d.[id] = i.[id]", StringComparison.Ordinal)
                .Replace(SqlServerSyncTriggerSql.DeletedKeyMissing, "d.[tenant] IS NULL", StringComparison.Ordinal);
            Assert.Empty(TSql.ParseErrors(composite));
            Assert.StartsWith("CREATE OR ALTER TRIGGER", composite, StringComparison.Ordinal);
        }
    }
}
