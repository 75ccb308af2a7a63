using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Compatibility
{
    /// <summary>Rename.Column: the running version uses the old name from the moment the rename commits.</summary>
    internal sealed class RenameColumnRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.RenameColumn,
            title: "Do not rename a column the running version uses",
            messageFormat: "Rename.Column renames '{0}' on '{1}' while the running version still uses the old name: {2}",
            RuleCategories.Compatibility,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A rename is atomic: every statement of the running version that uses the old name fails at once.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.RenameColumn));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if (chain.Kind != "Rename.Column" || !context.AppliesTo(chain, ProviderScope.Both) || context.IsNewTable(chain))
                {
                    continue;
                }

                var root = chain.RootCall!;
                var column = root.Arguments.Length > 0 ? chain.Environment.EvaluateString(root.Arguments[0].Value) : null;
                context.Report(
                    Rule,
                    chain.GetLocation(),
                    recipe: "add the new column, write both and backfill, switch reads, and drop the old column in a later release",
                    runnerSplit: "the SafeMigrate runner adds the new column with a two-way sync trigger and a batched backfill during expand, and drops the old column during contract",
                    properties: null,
                    column ?? "?",
                    chain.Table ?? "?");
            }
        }
    }
}
