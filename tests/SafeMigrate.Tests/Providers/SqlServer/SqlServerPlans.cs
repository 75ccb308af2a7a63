using FluentMigrator;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>Offline SQL Server plans of in-memory migrations, and the edition × version matrix they are checked on.</summary>
internal static class SqlServerPlans
{
    public static IReadOnlyList<SqlServerTarget> Matrix { get; } =
        (from edition in Enum.GetValues<SqlServerEdition>()
         from major in new[] { 13, 14, 15, 16, 17 }
         select new SqlServerTarget(edition, major)).ToList();

    public static ReleasePlan Plan(SqlServerTarget target, Type migrationType, bool validateConstraints = false) =>
        Plan(target, validateConstraints, (IMigration)Activator.CreateInstance(migrationType)!);

    public static ReleasePlan Plan(SqlServerTarget target, bool validateConstraints, params IMigration[] migrations)
    {
        using var dialect = new SqlServerDialect(target, validateConstraints);
        return SafeMigrator.PlanOffline(MigrationInstances.Collect(DatabaseProvider.SqlServer, migrations), dialect);
    }

    public static IEnumerable<(string Phase, Step Step)> AllSteps(PlannedMigration migration) =>
        migration.Expand.Select(s => ("expand", s))
            .Concat(migration.Contract.Select(s => ("contract", s)))
            .Concat(migration.Rollback.Select(s => ("rollback", s)));
}
