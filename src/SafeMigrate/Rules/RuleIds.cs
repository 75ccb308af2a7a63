namespace SafeMigrate.Rules;

/// <summary>
/// The rule ids that <c>check</c> and the runner report, by name. Each id is declared once, in
/// src/SafeMigrate.Shared/RuleIdentifiers.cs (compiled into this library and into the analyzer); these are its names
/// for the ids the library reports. Where the hazard is the one an analyzer rule reports, the id is the analyzer's.
/// </summary>
public static class RuleIds
{
    // Shared with the analyzer: the runner refuses these the same way the analyzer warns about them.
    public const string NotNullColumnWithoutDefault = RuleIdentifiers.NotNullColumnWithoutDefault;
    public const string UniqueOrPrimaryKeyOnExistingTable = RuleIdentifiers.UniqueOrPrimaryKeyOnExistingTable;
    public const string IdentityColumnOnExistingTable = RuleIdentifiers.IdentityColumnOnExistingTable;

    // Release plan, from the migrations alone.
    public const string RawSqlWithoutPhase = RuleIdentifiers.RawSqlWithoutPhase;
    public const string SqlScriptWithoutPhase = RuleIdentifiers.SqlScriptWithoutPhase;
    public const string OpaqueDelegate = RuleIdentifiers.OpaqueDelegate;
    public const string UnsupportedExpression = RuleIdentifiers.UnsupportedExpression;
    public const string ColumnRenamedTwice = RuleIdentifiers.ColumnRenamedTwice;
    public const string RenamedColumnAltered = RuleIdentifiers.RenamedColumnAltered;
    public const string DroppedObjectRecreated = RuleIdentifiers.DroppedObjectRecreated;
    public const string MaintenanceMigrationNotRun = RuleIdentifiers.MaintenanceMigrationNotRun;

    // Release plan, from the live database.
    public const string ConcurrentIndexCorruptionPostgres14 = RuleIdentifiers.ConcurrentIndexCorruptionPostgres14;
    public const string InterruptedRun = RuleIdentifiers.InterruptedRun;
    public const string StateContradictsAssembly = RuleIdentifiers.StateContradictsAssembly;
    public const string LargeTableScanned = RuleIdentifiers.LargeTableScanned;
    public const string BlocksWritesOnSqlServerTarget = RuleIdentifiers.BlocksWritesOnSqlServerTarget;
    public const string TypeChangeWouldAlterValues = RuleIdentifiers.TypeChangeWouldAlterValues;
    public const string MissingOrTakenName = RuleIdentifiers.MissingOrTakenName;
    public const string BackfillWithoutKey = RuleIdentifiers.BackfillWithoutKey;
    public const string UncopiableColumnDependent = RuleIdentifiers.UncopiableColumnDependent;

    /// <summary>The rule's page, with the analyzer's link scheme.</summary>
    public static string HelpUri(string ruleId) => RuleIdentifiers.GetHelpUri(ruleId);
}
