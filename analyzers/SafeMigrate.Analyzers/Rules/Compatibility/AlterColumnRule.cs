using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Compatibility
{
    /// <summary>
    /// Alter.Column / AlterColumn on an existing table. FluentMigrator always emits ALTER COLUMN ... TYPE plus
    /// SET/DROP NOT NULL, so even an unchanged type takes ACCESS EXCLUSIVE on PostgreSQL and Sch-M on SQL Server;
    /// a real type change rewrites the table and may break the running version's reads and writes.
    /// </summary>
    internal sealed class AlterColumnRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.AlterColumn,
            title: "Do not alter a column in place",
            messageFormat: "Column '{0}' of '{1}' is altered in place (type and nullability under an exclusive lock, possibly a table rewrite): {2}",
            RuleCategories.Compatibility,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Altering a column takes an exclusive lock, rewrites the table when the type changes, and can break the running version (narrower type, new NOT NULL).",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.AlterColumn));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if ((chain.Kind != "Alter.Table" && chain.Kind != "Alter.Column") || !context.AppliesTo(chain, ProviderScope.Both) || context.IsNewTable(chain))
                {
                    continue;
                }

                foreach (var column in chain.Columns)
                {
                    if (column.Action != "AlterColumn" && !(column.Action == "Column" && chain.Kind == "Alter.Column"))
                    {
                        continue;
                    }

                    context.Report(
                        Rule,
                        chain.HelperCallSite ?? SyntaxLocations.MethodName(column.Start),
                        recipe: "add a shadow column of the new type, keep both in sync and backfill, switch the code, then drop the old column in a later release",
                        runnerSplit: "the SafeMigrate runner adds a shadow column of the new type with converting triggers and a batched backfill during expand, and swaps the names during contract",
                        properties: null,
                        column.Name ?? "?",
                        chain.Table ?? "?");
                }
            }
        }
    }
}
