using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Compatibility
{
    /// <summary>
    /// A NOT NULL column added to an existing table with no default and no SetExistingRowsTo: the ALTER fails on a
    /// non-empty table, and the running version's INSERTs, which omit the column, fail afterwards. FluentMigrator
    /// generates NOT NULL when nullability is not specified, so a bare AddColumn("c").AsString() counts too.
    /// </summary>
    internal sealed class NotNullColumnWithoutDefaultRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.NotNullColumnWithoutDefault,
            title: "Do not add a NOT NULL column without a default",
            messageFormat: "Column '{0}' is added to '{1}' as NOT NULL without a default: {2}",
            RuleCategories.Compatibility,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Adding a NOT NULL column without a default fails on a table that has rows, and the running version's INSERTs, which do not know the column, fail after it. No runner can invent the value: make the column nullable or give it a default.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.NotNullColumnWithoutDefault));

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
                    if (!ChainQueries.IsAddedColumn(column) || !column.IsNotNull || column.HasDefault || column.Has("SetExistingRowsTo") || column.Has("Identity"))
                    {
                        continue;
                    }

                    context.Report(
                        Rule,
                        chain.HelperCallSite ?? SyntaxLocations.MethodName(column.Start),
                        recipe: "make it Nullable(), give it a default with WithDefaultValue(..), or fill existing rows with SetExistingRowsTo(..)",
                        runnerSplit: null,
                        properties: null,
                        column.Name ?? "?",
                        chain.Table ?? "?");
                }
            }
        }
    }
}
