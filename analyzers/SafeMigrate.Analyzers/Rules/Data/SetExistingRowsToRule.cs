using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Data
{
    /// <summary>
    /// SetExistingRowsTo(v) expands to three expressions: add the column nullable, UPDATE every row, then ALTER it to
    /// NOT NULL. The UPDATE locks every row until commit and SET NOT NULL scans the table under ACCESS EXCLUSIVE.
    /// </summary>
    internal sealed class SetExistingRowsToRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.SetExistingRowsTo,
            title: "Do not fill a new NOT NULL column with SetExistingRowsTo in one step",
            messageFormat: "SetExistingRowsTo on column '{0}' of '{1}' updates every row in one statement and then scans the table for SET NOT NULL under an exclusive lock: {2}",
            RuleCategories.Data,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "SetExistingRowsTo is a whole-table UPDATE followed by ALTER COLUMN ... SET NOT NULL, all in the migration's transaction.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.SetExistingRowsTo));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if (!ChainQueries.ChangesExistingTableColumns(chain) || !context.AppliesTo(chain, ProviderScope.Both) || context.IsNewTable(chain))
                {
                    continue;
                }

                foreach (var column in chain.Columns)
                {
                    var setExisting = column.Find("SetExistingRowsTo");
                    if (setExisting is null)
                    {
                        continue;
                    }

                    context.Report(
                        Rule,
                        chain.HelperCallSite ?? SyntaxLocations.MethodName(setExisting),
                        recipe: "add the column nullable with a default, backfill in batches, then add NOT NULL through a validated CHECK constraint in a later migration",
                        runnerSplit: "the SafeMigrate runner adds it nullable and backfills in batches during expand, then sets NOT NULL through a validated CHECK during contract",
                        properties: null,
                        column.Name ?? "?",
                        chain.Table ?? "?");
                }
            }
        }
    }
}
