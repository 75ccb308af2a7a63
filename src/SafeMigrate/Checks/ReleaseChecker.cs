using System.Globalization;
using SafeMigrate.Connections;
using SafeMigrate.Dialects;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Catalog;
using SafeMigrate.Rules;

namespace SafeMigrate.Checks;

/// <summary>
/// The pre-deploy check. Offline, it plans every migration of the assembly and reports what SafeMigrate cannot make
/// safe. Live, it plans only what the database has not applied, against its catalog, and adds what only the
/// database shows: the server version, a run that stopped half-way, state the assembly contradicts, large tables.
/// </summary>
public static class ReleaseChecker
{
    /// <summary>
    /// Without a database each migration is planned as a release of its own (see <see cref="SafeMigrator.PlanEachOffline(IReadOnlyList{MigrationUnit}, SafeMigratorOptions?)"/>).
    /// Hazards that span migrations of one release (a column renamed in one and altered in the next) need to know
    /// what is pending: the live check finds them, and expand refuses them.
    /// </summary>
    /// <param name="sqlServerTarget">The SQL Server edition and version to plan for (default: the most conservative, Standard 2016).</param>
    /// <param name="postgresTarget">The PostgreSQL major version to plan for (default: the newest supported).</param>
    public static CheckReport CheckOffline(
        MigrationAssembly assembly, DatabaseProvider provider, SqlServerTarget? sqlServerTarget = null, PostgresTarget? postgresTarget = null)
    {
        // Expressions are collected for the provider, so IfDatabase branches are the ones it would run.
        var units = MigrationUnit.FromAssembly(assembly, provider);
        using SqlDialect dialect = provider == DatabaseProvider.SqlServer
            ? new SqlServerDialect(sqlServerTarget ?? SqlServerTarget.MostConservative)
            : new PostgresDialect(postgresTarget);
        var plan = SafeMigrator.PlanEachOffline(units, dialect);
        var types = TypeNames(assembly);
        var findings = new List<Finding>(RefusalFindings.From(plan.Refusals, types));
        if (provider == DatabaseProvider.SqlServer)
        {
            findings.AddRange(BlockingSteps(plan, types, sqlServerTarget ?? SqlServerTarget.MostConservative));
        }

        findings.AddRange(MaintenanceFindings(assembly));
        return new CheckReport(provider, plan, null, findings.OrderBy(f => f.Migration).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Steps the target SQL Server cannot run online: index builds without ONLINE = ON (Standard, Express, and
    /// every edition before the feature), ALTER COLUMN without online support. They run, but block writes while they do.
    /// </summary>
    private static IEnumerable<Finding> BlockingSteps(ReleasePlan plan, IReadOnlyDictionary<long, string> types, SqlServerTarget target)
    {
        foreach (var migration in plan.Migrations)
        {
            var blocking = migration.BlockingSteps.ToList();
            if (blocking.Count > 0)
            {
                yield return Make(RuleIds.BlocksWritesOnSqlServerTarget, migration.Version, types,
                    $"on {target.Name} these steps block writes while they run: {string.Join("; ", blocking.Select(b => $"{b.Phase}: {b.Step.Description}"))}. " +
                    "Run them in a quiet period, or on an edition with online index operations (Enterprise, Azure SQL); pass --sqlserver-edition/--sqlserver-version to check for your server.");
            }
        }
    }

    public static async Task<CheckReport> CheckLiveAsync(MigrationAssembly assembly, string connectionString, LiveCheckOptions? options = null, CancellationToken ct = default)
    {
        options ??= new LiveCheckOptions();
        LiveDatabaseFacts facts;
        await using (var connection = await PostgresConnections.OpenAsync(connectionString, ct).ConfigureAwait(false))
        {
            facts = await PostgresLiveFacts.ReadAsync(connection, ct).ConfigureAwait(false);
        }

        var units = MigrationUnit.FromAssembly(assembly);
        var plan = await new SafeMigrator(connectionString).PlanAsync(units, ct).ConfigureAwait(false);
        var findings = Findings(facts, plan, TypeNames(assembly), options).Concat(MaintenanceFindings(assembly)).OrderBy(f => f.Migration).ToList();
        return new CheckReport(DatabaseProvider.Postgres, plan, "PostgreSQL " + facts.ServerVersion, findings);
    }

    /// <summary>The findings of a live check, from what was read: a pure function, so each rule can be tested on any server version.</summary>
    /// <param name="migrationTypes">Every migration of the assembly (version to class name), pending or not.</param>
    internal static IReadOnlyList<Finding> Findings(LiveDatabaseFacts facts, ReleasePlan plan, IReadOnlyDictionary<long, string> migrationTypes, LiveCheckOptions options)
    {
        var findings = new List<Finding>(RefusalFindings.From(plan.Refusals, migrationTypes));
        findings.AddRange(ConcurrentIndexBug(facts, plan, migrationTypes));
        findings.AddRange(InterruptedRuns(facts, migrationTypes));
        findings.AddRange(Contradictions(facts, migrationTypes));
        findings.AddRange(LargeTables(facts, plan, migrationTypes, options.LargeTableRows));
        return findings.OrderBy(f => f.Migration).ThenBy(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// PostgreSQL 14.0 to 14.3: CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY could miss rows and leave a corrupt
    /// index (fixed in 14.4). Every index SafeMigrate builds is built concurrently.
    /// </summary>
    private static IEnumerable<Finding> ConcurrentIndexBug(LiveDatabaseFacts facts, ReleasePlan plan, IReadOnlyDictionary<long, string> types)
    {
        if (facts.ServerVersionNumber is < 140000 or >= 140004)
        {
            yield break;
        }

        foreach (var migration in plan.Migrations)
        {
            var builds = migration.Expand.Concat(migration.Contract).Where(s => s is ConcurrentIndexStep or CopyColumnIndexesStep).ToList();
            if (builds.Count > 0)
            {
                yield return Make(RuleIds.ConcurrentIndexCorruptionPostgres14, migration.Version, types,
                    $"builds indexes concurrently ({string.Join("; ", builds.Select(b => b.Description))}) on PostgreSQL {facts.ServerVersion}, " +
                    "whose concurrent builds can silently corrupt an index (fixed in 14.4). Upgrade the server to 14.4 or later before this release; " +
                    "then REINDEX CONCURRENTLY every index built concurrently under 14.0-14.3.");
            }
        }
    }

    private static IEnumerable<Finding> InterruptedRuns(LiveDatabaseFacts facts, IReadOnlyDictionary<long, string> types)
    {
        foreach (var (version, phase) in facts.Phases.OrderBy(p => p.Key))
        {
            if (!types.ContainsKey(version) || phase is not (MigrationPhase.Expanding or MigrationPhase.Contracting or MigrationPhase.RollingBack))
            {
                continue;
            }

            var (command, severity) = phase switch
            {
                MigrationPhase.Expanding => ("expand", FindingSeverity.Warning),
                MigrationPhase.Contracting => ("contract", FindingSeverity.Warning),
                // expand refuses to run over a half-done rollback: deploying now would fail.
                _ => ("rollback", FindingSeverity.Error),
            };
            var progress = facts.Steps.TryGetValue(version, out var steps)
                ? $" after {steps.StepsDone} step(s){(steps.RunningStep is { } running ? $", in the middle of '{running}'" : string.Empty)}"
                : string.Empty;
            yield return Make(RuleIds.InterruptedRun, version, types,
                $"a previous {command} stopped half-way{progress} (phase {phase.ToName()}). Run 'dotnet safe-migrate {command}' again: it resumes where it stopped." +
                (phase == MigrationPhase.RollingBack ? " expand is refused until the rollback is finished." : string.Empty),
                severity);
        }
    }

    private static IEnumerable<Finding> Contradictions(LiveDatabaseFacts facts, IReadOnlyDictionary<long, string> types)
    {
        foreach (var (version, phase) in facts.Phases.OrderBy(p => p.Key))
        {
            if (types.ContainsKey(version) || phase is MigrationPhase.Contracted or MigrationPhase.Pending)
            {
                continue;
            }

            yield return Make(RuleIds.StateContradictsAssembly, version, types,
                $"the database has it {phase.ToName()}, but the assembly has no migration {version} (a different build, a deleted " +
                "migration, or a --tag that leaves it out). Its contract or rollback needs it: check with the assembly (and tags) " +
                "that expanded it, finish it with contract or rollback, then deploy this one.");
        }
    }

    private static IEnumerable<Finding> LargeTables(LiveDatabaseFacts facts, ReleasePlan plan, IReadOnlyDictionary<long, string> types, long threshold)
    {
        foreach (var migration in plan.Migrations)
        {
            var large = migration.Expand.Select(s => ("expand", s)).Concat(migration.Contract.Select(s => ("contract", s)))
                .SelectMany(p => ScannedTables.Of(p.s).Select(t => (Phase: p.Item1, Table: t)))
                .Select(p => (p.Phase, p.Table, Rows: facts.RowEstimates.GetValueOrDefault((p.Table.Schema, p.Table.Table))))
                .Where(p => p.Rows >= threshold)
                .ToList();
            if (large.Count == 0)
            {
                continue;
            }

            var parts = large.Select(p =>
                $"{p.Phase} step '{p.Table.Step}' is {p.Table.Work} of \"{p.Table.Schema}\".\"{p.Table.Table}\" (~{p.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows)");
            yield return Make(RuleIds.LargeTableScanned, migration.Version, types,
                string.Join("; ", parts) + ". The application keeps working, but these steps take long and load the server: run the release " +
                "outside peak hours, and pace backfills with --batch-size and --batch-delay.");
        }
    }

    /// <summary>FluentMigrator runs <c>[Maintenance]</c> classes around every run; SafeMigrate runs none of them, and says so.</summary>
    public static IEnumerable<Finding> MaintenanceFindings(MigrationAssembly assembly) =>
        assembly.MaintenanceMigrations.Select(m => new Finding(
            RuleIds.MaintenanceMigrationNotRun,
            CheckRules.Get(RuleIds.MaintenanceMigrationNotRun).DefaultSeverity,
            0,
            m[(m.IndexOf(": ", StringComparison.Ordinal) + 2)..],
            MaintenanceWarning(m)));

    /// <summary>The one line expand, contract and check give for a maintenance migration ("stage: class").</summary>
    public static string MaintenanceWarning(string maintenance) =>
        $"Maintenance migration {maintenance} is not run by SafeMigrate (plain FluentMigrator runs it at that stage of every run): run it yourself, or make it a versioned [Migration].";

    private static Finding Make(string ruleId, long version, IReadOnlyDictionary<long, string> types, string text, FindingSeverity? severity = null) =>
        new(ruleId, severity ?? CheckRules.Get(ruleId).DefaultSeverity, version, types.GetValueOrDefault(version), $"Migration {version}: {text}");

    private static IReadOnlyDictionary<long, string> TypeNames(MigrationAssembly assembly) =>
        assembly.Migrations.ToDictionary(m => m.Version, m => m.TypeName);
}
