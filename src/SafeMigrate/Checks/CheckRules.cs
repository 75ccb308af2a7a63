using SafeMigrate.Rules;
namespace SafeMigrate.Checks;

/// <summary>The catalogue of every rule <c>check</c> reports, for SARIF's rule metadata and docs/checks.md.</summary>
public static class CheckRules
{
    public static IReadOnlyList<CheckRule> All { get; } =
    [
        new(RuleIds.NotNullColumnWithoutDefault, "Do not add a NOT NULL column without a default", FindingSeverity.Error),
        new(RuleIds.UniqueOrPrimaryKeyOnExistingTable, "Do not add a unique or primary-key constraint to an existing table in one step", FindingSeverity.Error),
        new(RuleIds.IdentityColumnOnExistingTable, "Do not add an identity column to an existing table", FindingSeverity.Error),
        new(RuleIds.RawSqlWithoutPhase, "Declare the phase of raw SQL SafeMigrate cannot classify", FindingSeverity.Error),
        new(RuleIds.SqlScriptWithoutPhase, "Split SQL scripts into statements with a declared phase", FindingSeverity.Error),
        new(RuleIds.OpaqueDelegate, "Do not use Execute.WithConnection in a zero-downtime release", FindingSeverity.Error),
        new(RuleIds.UnsupportedExpression, "Use only expressions SafeMigrate can split", FindingSeverity.Error),
        new(RuleIds.ColumnRenamedTwice, "Do not rename a column twice in one release", FindingSeverity.Error),
        new(RuleIds.RenamedColumnAltered, "Do not alter a column renamed in the same release", FindingSeverity.Error),
        new(RuleIds.DroppedObjectRecreated, "Do not drop and re-create a table or column in one release", FindingSeverity.Error),
        new(RuleIds.MaintenanceMigrationNotRun, "Run FluentMigrator maintenance migrations yourself", FindingSeverity.Warning),
        new(RuleIds.ConcurrentIndexCorruptionPostgres14, "Do not build indexes concurrently on PostgreSQL 14.0 to 14.3", FindingSeverity.Error),
        new(RuleIds.InterruptedRun, "Finish the run that stopped half-way", FindingSeverity.Warning),
        new(RuleIds.StateContradictsAssembly, "Deploy an assembly that holds every migration the database has started", FindingSeverity.Error),
        new(RuleIds.LargeTableScanned, "A step scans or rewrites a large table", FindingSeverity.Note),
        new(RuleIds.BlocksWritesOnSqlServerTarget, "A step cannot run online on the target SQL Server edition and version", FindingSeverity.Warning),
        new(RuleIds.TypeChangeWouldAlterValues, "Do not change a column's type where values written during the overlap would change", FindingSeverity.Error),
        new(RuleIds.MissingOrTakenName, "Name only tables and columns the database has, and new names it does not have", FindingSeverity.Error),
        new(RuleIds.BackfillWithoutKey, "Give a table a key before a change that backfills it", FindingSeverity.Error),
        new(RuleIds.UncopiableColumnDependent, "Rename or retype a column only when its indexes and constraints carry over", FindingSeverity.Error),
    ];

    public static CheckRule Get(string ruleId) =>
        All.FirstOrDefault(r => r.Id == ruleId) ?? throw new ArgumentException($"No check rule {ruleId}.", nameof(ruleId));
}
