namespace SafeMigrate.Analyzers
{
    /// <summary>Diagnostic categories, one per kind of harm (see <see cref="Rules.RuleIdentifiers"/>).</summary>
    internal static class RuleCategories
    {
        public const string Compatibility = "Compatibility";
        public const string Locking = "Locking";
        public const string Data = "Data";
        public const string RawSql = "RawSql";
    }
}
