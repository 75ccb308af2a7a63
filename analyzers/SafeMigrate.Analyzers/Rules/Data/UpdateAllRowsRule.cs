using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Data
{
    /// <summary>
    /// Update.Table(..).Set(..).AllRows() is one UPDATE of every row in the migration's transaction: every row stays
    /// locked until commit (SQL Server escalates to a table lock past about 5,000 row locks).
    /// </summary>
    internal sealed class UpdateAllRowsRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.UpdateAllRows,
            title: "Do not update every row in one statement",
            messageFormat: "Update.Table('{0}').AllRows() updates every row in one statement and keeps them locked until commit: {1}",
            RuleCategories.Data,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A whole-table UPDATE holds row locks (or, on SQL Server, an escalated table lock) until the migration commits, blocking the running version's writes.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.UpdateAllRows));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if (chain.Kind != "Update.Table" || !context.AppliesTo(chain, ProviderScope.Both) || context.IsNewTable(chain))
                {
                    continue;
                }

                var allRows = chain.Find("AllRows");
                if (allRows is null)
                {
                    continue;
                }

                context.Report(
                    Rule,
                    chain.GetLocation(allRows),
                    recipe: "backfill in batches by key range, each in its own short transaction",
                    runnerSplit: "the SafeMigrate runner runs it as a batched, resumable backfill during expand",
                    properties: null,
                    chain.Table ?? "?");
            }
        }
    }
}
