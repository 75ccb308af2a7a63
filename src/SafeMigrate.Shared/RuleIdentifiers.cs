namespace SafeMigrate.Rules
{
    /// <summary>
    /// Every rule id, declared once for the analyzer and the runner: this file is compiled into both assemblies (see
    /// the Compile-link lines in their project files). The thousands digit says the kind of harm:
    /// SM1xxx compatibility (the running version breaks), SM2xxx locking (a strong or long lock),
    /// SM3xxx data (one statement rewrites every row), SM4xxx raw SQL passed to Execute.Sql: the analyzer reports these.
    /// SM5xxx are release-plan findings only <c>check</c> can make: SM50xx from the plan of the migrations, SM51xx from
    /// the live database. The runner also refuses three analyzer hazards under the analyzer's id
    /// (<c>SafeMigrate.Rules.RuleIds</c> names the ones it reports). An id is never reused, even after its rule is retired.
    /// </summary>
    internal static class RuleIdentifiers
    {
        // Compatibility
        public const string DropColumn = "SM1001";
        public const string DropTable = "SM1002";
        public const string RenameColumn = "SM1003";
        public const string RenameTable = "SM1004";
        public const string NotNullColumnWithoutDefault = "SM1005";
        public const string AlterColumn = "SM1006";
        public const string IgnoredIfDatabaseBranch = "SM1007";

        // Locking
        public const string CreateIndexNotConcurrently = "SM2001";
        public const string CreateIndexNotOnline = "SM2002";
        public const string DropIndexNotConcurrently = "SM2003";
        public const string ValidatingForeignKey = "SM2004";
        public const string UniqueOrPrimaryKeyOnExistingTable = "SM2005";
        public const string ConcurrentIndexInTransaction = "SM2006";
        public const string VolatileDefault = "SM2007";
        public const string IdentityColumnOnExistingTable = "SM2008";

        // Data
        public const string UpdateAllRows = "SM3001";
        public const string SetExistingRowsTo = "SM3002";

        /// <summary>`check` reports the same delegate as SM5003 (<see cref="OpaqueDelegate"/>): SM5xxx are release-plan ids.</summary>
        public const string ExecuteWithConnection = "SM3003";

        // Raw SQL
        public const string RawSqlDropOrRename = "SM4001";
        public const string RawSqlAlterColumn = "SM4002";
        public const string RawSqlBlockingIndex = "SM4003";
        public const string RawSqlValidatingConstraint = "SM4004";
        public const string RawSqlUnboundedDataChange = "SM4005";
        public const string RawSqlTableRewrite = "SM4006";

        // Release plan, from the migrations alone (check and the runner only).
        public const string RawSqlWithoutPhase = "SM5001";
        public const string SqlScriptWithoutPhase = "SM5002";
        public const string OpaqueDelegate = "SM5003";
        public const string UnsupportedExpression = "SM5004";
        public const string ColumnRenamedTwice = "SM5005";
        public const string RenamedColumnAltered = "SM5006";
        public const string DroppedObjectRecreated = "SM5008";
        public const string MaintenanceMigrationNotRun = "SM5009";

        // Release plan, from the live database (check only).
        public const string ConcurrentIndexCorruptionPostgres14 = "SM5101";
        public const string InterruptedRun = "SM5102";
        public const string StateContradictsAssembly = "SM5103";
        public const string LargeTableScanned = "SM5104";
        public const string BlocksWritesOnSqlServerTarget = "SM5105";
        public const string TypeChangeWouldAlterValues = "SM5106";
        public const string MissingOrTakenName = "SM5107";
        public const string BackfillWithoutKey = "SM5108";
        public const string UncopiableColumnDependent = "SM5109";

        /// <summary>The rule's documentation page; analyzer help links and <c>check</c> findings use the same one.</summary>
        public static string GetHelpUri(string identifier)
        {
            return "https://github.com/safemigrate/safemigrate/blob/main/docs/rules/" + identifier + ".md";
        }
    }
}
