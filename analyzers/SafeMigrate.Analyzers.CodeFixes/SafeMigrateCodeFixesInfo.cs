namespace SafeMigrate.Analyzers
{
    /// <summary>Placeholder until the first code fix lands; keeps the assembly non-empty.</summary>
    internal static class SafeMigrateCodeFixesInfo
    {
        public const string Name = "SafeMigrate.Analyzers.CodeFixes";
    }
}
