using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Data
{
    /// <summary>
    /// Update.Table(..).Set(..).AllRows() is one UPDATE of every row in the migration's transaction, and
    /// Delete.FromTable(..).AllRows() one DELETE of every row: every row stays locked until commit (SQL Server
    /// escalates to a table lock past about 5,000 row locks). The runner batches the update; it runs a delete as written.
    /// </summary>
    internal sealed class UpdateAllRowsRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.UpdateAllRows,
            title: "Do not update or delete every row in one statement",
            messageFormat: "{0} every row in one statement and keeps them locked until commit: {1}",
            RuleCategories.Data,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A whole-table UPDATE or DELETE holds row locks (or, on SQL Server, an escalated table lock) until the migration commits, blocking the running version's writes.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.UpdateAllRows));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                var isUpdate = chain.Kind == "Update.Table";
                if ((!isUpdate && chain.Kind != "Delete.FromTable") || !context.AppliesTo(chain, ProviderScope.Both) || context.IsNewTable(chain))
                {
                    continue;
                }

                var allRows = chain.Find("AllRows");
                if (allRows is null)
                {
                    continue;
                }

                var table = chain.Table ?? "?";
                if (isUpdate)
                {
                    context.Report(
                        Rule,
                        chain.GetLocation(allRows),
                        recipe: "backfill in batches by key range, each in its own short transaction",
                        runnerSplit: "the SafeMigrate runner runs it as a batched, resumable backfill during expand",
                        properties: null,
                        "Update.Table('" + table + "').AllRows() updates");
                }
                else
                {
                    // The runner executes DeleteDataExpression as written: no split, so it stays a warning under it too.
                    context.Report(
                        Rule,
                        chain.GetLocation(allRows),
                        recipe: "delete in batches by key range (Execute.Sql with a bounded WHERE per batch), each in its own short transaction, or drop and recreate the table in the contract phase if it is scratch data",
                        runnerSplit: null,
                        properties: null,
                        "Delete.FromTable('" + table + "').AllRows() deletes");
                }
            }
        }
    }
}
