using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Compatibility
{
    /// <summary>Delete.Table: the running version still queries it.</summary>
    internal sealed class DropTableRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.DropTable,
            title: "Do not drop a table the running version uses",
            messageFormat: "Delete.Table drops '{0}' while the running version may still query it: {1}",
            RuleCategories.Compatibility,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Dropping a table breaks every query of the running version that names it, and its data is gone.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.DropTable));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if (chain.Kind != "Delete.Table" || !context.AppliesTo(chain, ProviderScope.Both) || context.IsNewTable(chain))
                {
                    continue;
                }

                context.Report(
                    Rule,
                    chain.GetLocation(),
                    recipe: "first release code that no longer uses it, then drop it in a later migration",
                    runnerSplit: "the SafeMigrate runner drops it during contract, once the old version is gone",
                    properties: null,
                    chain.Table ?? "?");
            }
        }
    }
}
