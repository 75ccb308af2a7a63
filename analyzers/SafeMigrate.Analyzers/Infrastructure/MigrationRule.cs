using Microsoft.CodeAnalysis;

namespace SafeMigrate.Analyzers.Infrastructure
{
    /// <summary>
    /// One SafeMigrate rule: a descriptor and a check over a migration's Up() model. Rules are not analyzers of their
    /// own: <see cref="MigrationSafetyAnalyzer"/> builds each migration's model once and hands it to every rule.
    /// </summary>
    internal abstract class MigrationRule
    {
        public abstract DiagnosticDescriptor Descriptor { get; }

        public abstract void Analyze(MigrationRuleContext context);
    }
}
