namespace SafeMigrate.Analyzers
{
    /// <summary>Placeholder until the first rule lands; keeps the assembly non-empty.</summary>
    internal static class SafeMigrateAnalyzersInfo
    {
        public const string Name = "SafeMigrate.Analyzers";
    }
}
