using System.Text;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Planning;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Steps;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>
/// The T-SQL of each operation on the most conservative target (SQL Server 2016 Standard) and the most capable one
/// (SQL Server 2022 Enterprise), compared with Golden/{operation}.sql. Set SAFEMIGRATE_UPDATE_GOLDEN=1 to rewrite the
/// files, then review the diff by hand.
/// </summary>
public sealed class SqlServerGoldenTests
{
    private const string UpdateVariable = "SAFEMIGRATE_UPDATE_GOLDEN";

    private static readonly SqlServerTarget[] Targets = [SqlServerTarget.MostConservative, new(SqlServerEdition.Enterprise, 16)];

    public static TheoryData<string> Operations()
    {
        var data = new TheoryData<string>();
        foreach (var migration in SqlServerOperationMigrations.All)
        {
            data.Add(migration.GetType().Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Plan_MatchesGoldenFile(string operation)
    {
        var type = SqlServerOperationMigrations.All.Single(m => m.GetType().Name == operation).GetType();
        var text = new StringBuilder();
        foreach (var target in Targets)
        {
            var migration = Assert.Single(SqlServerPlans.Plan(target, type).Migrations);
            text.Append($"-- ===== {target.Name} =====\n");
            foreach (var (phase, step) in SqlServerPlans.AllSteps(migration))
            {
                text.Append($"\n-- {phase}: {step.Description}{(step.BlocksWrites ? " [blocks writes]" : string.Empty)}\n");
                text.Append(step.Sql?.TrimEnd() ?? step switch
                {
                    BackfillStep backfill => $"-- (batched backfill of {backfill.Request.Table}: SET {backfill.Request.SetClause}{(backfill.Request.Predicate is null ? string.Empty : " WHERE " + backfill.Request.Predicate)})",
                    _ => $"-- ({step.GetType().Name})",
                });
                text.Append('\n');
            }

            text.Append('\n');
        }

        var path = RepositoryLayout.PathOf($"tests/SafeMigrate.Tests/Providers/SqlServer/Golden/{operation}.sql");
        var actual = text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No golden file {path}: run the tests with {UpdateVariable}=1 and review it.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), actual);
    }
}
