using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Data
{
    /// <summary>
    /// Execute.WithConnection(..) hands a delegate the connection and the migration's transaction: the data fixes of
    /// real code bases read rows and rewrite them (often every row of a table) in one go, and every row written stays
    /// locked until the migration commits. The delegate is opaque (PerformDBOperationExpression): neither the analyzer
    /// nor the runner can see which tables it touches. Under the SafeMigrate runner the hazard is the one `check`
    /// refuses as SM5003 (a release-plan id, which the analyzer's numbering cannot take): the message says so and
    /// stays a warning, since the runner does not make it safe.
    /// </summary>
    internal sealed class ExecuteWithConnectionRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.ExecuteWithConnection,
            title: "Do not run data fixes through Execute.WithConnection",
            messageFormat: "Execute.WithConnection runs an opaque data fix in one go inside the migration's transaction, and the rows it writes stay locked until commit: {0}",
            RuleCategories.Data,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A delegate given the connection reads and rewrites rows, often every row of a table, in the migration's transaction; nothing can tell which tables it touches, and the running version's writes to those rows wait until the migration commits.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.ExecuteWithConnection));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if (chain.Kind != "Execute.WithConnection" || !context.AppliesTo(chain, ProviderScope.Both))
                {
                    continue;
                }

                var recipe = context.Settings.RunsUnderSafeMigrate
                    ? "the SafeMigrate runner refuses it (check reports SM5003); declare its phase with Execute.WithConnectionInExpand / Execute.WithConnectionInContract (run once, in one transaction), or, when the fix touches many rows of a big table, use the batched form Execute.WithConnectionInBatches(table, (connection, transaction, batch) => ..) (each batch commits on its own, holds row locks for ~100 ms, resumes after a kill), or express the fix as Update.Table(..).Set(..).AllRows() or .Where(..), which the runner backfills in batches during expand, or as SQL with a declared phase (Execute.SqlInExpand / Execute.SqlInContract)"
                    : "run the fix in a declared phase in batches by key range, each in its own short transaction (the SafeMigrate runner backfills Update.Table(..).Set(..) that way), or as bounded Execute.Sql statements";
                context.Report(Rule, chain.GetLocation(), recipe, runnerSplit: null, properties: null);
            }
        }
    }
}
