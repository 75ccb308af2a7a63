using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// Adding an identity (serial) column to an existing table fills every row, which rewrites the table under
    /// ACCESS EXCLUSIVE (PostgreSQL) or Sch-M (SQL Server). No automatic split exists.
    /// </summary>
    internal sealed class IdentityColumnOnExistingTableRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.IdentityColumnOnExistingTable,
            title: "Do not add an identity column to an existing table",
            messageFormat: "Identity column '{0}' is added to '{1}', which rewrites every row under an exclusive lock: {2}",
            RuleCategories.Locking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An identity column must be numbered for every existing row: the table is rewritten while locked.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.IdentityColumnOnExistingTable));

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
                    var identity = column.Find("Identity");
                    if (identity is null || !ChainQueries.IsAddedColumn(column))
                    {
                        continue;
                    }

                    context.Report(
                        Rule,
                        chain.HelperCallSite ?? SyntaxLocations.MethodName(identity),
                        recipe: "add a plain nullable column with a sequence default, backfill it in batches, then make it NOT NULL",
                        runnerSplit: null,
                        properties: null,
                        column.Name ?? "?",
                        chain.Table ?? "?");
                }
            }
        }
    }
}
