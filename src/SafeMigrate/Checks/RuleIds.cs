namespace SafeMigrate.Checks;

/// <summary>
/// Every rule id that <c>check</c> reports, in one place. Where the hazard is the one an analyzer rule reports, the id
/// is the analyzer's (SM1xxx compatibility, SM2xxx locking; see analyzers/SafeMigrate.Analyzers/RuleIdentifiers.cs, a
/// test keeps the numbers equal). SM5xxx are release-plan findings only <c>check</c> can make: SM50xx from the plan of
/// the migrations, SM51xx from the live database. An id is never reused, even after its rule is retired.
/// </summary>
public static class RuleIds
{
    // Shared with the analyzer: the runner refuses these the same way the analyzer warns about them.
    public const string NotNullColumnWithoutDefault = "SM1005";
    public const string UniqueOrPrimaryKeyOnExistingTable = "SM2005";
    public const string IdentityColumnOnExistingTable = "SM2008";

    // Release plan, from the migrations alone.
    public const string RawSqlWithoutPhase = "SM5001";
    public const string SqlScriptWithoutPhase = "SM5002";
    public const string OpaqueDelegate = "SM5003";
    public const string UnsupportedExpression = "SM5004";
    public const string ColumnRenamedTwice = "SM5005";
    public const string RenamedColumnAltered = "SM5006";
    public const string DroppedObjectRecreated = "SM5008";
    public const string MaintenanceMigrationNotRun = "SM5009";

    // Release plan, from the live database.
    public const string ConcurrentIndexCorruptionPostgres14 = "SM5101";
    public const string InterruptedRun = "SM5102";
    public const string StateContradictsAssembly = "SM5103";
    public const string LargeTableScanned = "SM5104";
    public const string BlocksWritesOnSqlServerTarget = "SM5105";
    public const string TypeChangeWouldAlterValues = "SM5106";

    /// <summary>The rule's page, with the analyzer's link scheme.</summary>
    public static string HelpUri(string ruleId) => "https://github.com/safemigrate/safemigrate/blob/main/docs/rules/" + ruleId + ".md";
}
