namespace SafeMigrate.Analyzers
{
    /// <summary>
    /// Every rule id in one place. The thousands digit says the kind of harm:
    /// SM1xxx compatibility (the running version breaks), SM2xxx locking (a strong or long lock),
    /// SM3xxx data (one statement rewrites every row), SM4xxx raw SQL passed to Execute.Sql.
    /// An id is never reused, even after its rule is retired.
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

        /// <summary>`check` reports the same delegate as SM5003 (OpaqueDelegate, src/SafeMigrate/Checks/RuleIds.cs): SM5xxx are release-plan ids.</summary>
        public const string ExecuteWithConnection = "SM3003";

        // Raw SQL
        public const string RawSqlDropOrRename = "SM4001";
        public const string RawSqlAlterColumn = "SM4002";
        public const string RawSqlBlockingIndex = "SM4003";
        public const string RawSqlValidatingConstraint = "SM4004";
        public const string RawSqlUnboundedDataChange = "SM4005";
        public const string RawSqlTableRewrite = "SM4006";

        public static string GetHelpUri(string identifier)
        {
            return "https://github.com/safemigrate/safemigrate/blob/main/docs/rules/" + identifier + ".md";
        }
    }
}
