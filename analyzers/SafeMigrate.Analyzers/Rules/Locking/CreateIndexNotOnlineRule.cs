using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// SQL Server: an offline index build holds a shared lock (a Sch-M lock for a clustered index) for the whole
    /// build; WITH (ONLINE = ON) keeps the table writable (Enterprise, Developer and Azure SQL editions).
    /// </summary>
    internal sealed class CreateIndexNotOnlineRule : MigrationRule
    {
        internal const string FixableProperty = "Fixable";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.CreateIndexNotOnline,
            title: "Create indexes on SQL Server online",
            messageFormat: "{0} on '{1}' is built offline and blocks writes to the table for the whole build (SQL Server): {2}",
            RuleCategories.Locking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An offline index build blocks writes until it finishes. Build it with .WithOptions().Online() (Enterprise, Developer, Azure SQL); on Standard edition, schedule it outside peak load.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.CreateIndexNotOnline));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            const string runnerSplit = "the SafeMigrate runner builds it online during expand where the edition allows";
            foreach (var chain in context.Model.Chains)
            {
                if (!context.AppliesTo(chain, ProviderScope.SqlServer) || context.IsNewTable(chain))
                {
                    continue;
                }

                if (chain.Kind == "Create.Index")
                {
                    if (ChainQueries.HasOnline(chain.Calls, context.Symbols))
                    {
                        continue;
                    }

                    var properties = chain.IsSingleExpression && chain.HelperCallSite is null
                        ? ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, "true")
                        : null;
                    context.Report(
                        Rule,
                        chain.GetLocation(),
                        recipe: "add .WithOptions().Online()",
                        runnerSplit,
                        properties,
                        "Create.Index",
                        chain.Table ?? "?");
                }
                else if (ChainQueries.ChangesExistingTableColumns(chain))
                {
                    foreach (var column in chain.Columns)
                    {
                        var hidden = column.Find("Indexed") ?? column.Find("Unique");
                        if (hidden is null)
                        {
                            continue;
                        }

                        context.Report(
                            Rule,
                            chain.HelperCallSite ?? SyntaxLocations.MethodName(hidden),
                            recipe: "drop ." + hidden.TargetMethod.Name + "() and create the index with Create.Index(..).WithOptions().Online()",
                            runnerSplit,
                            properties: ChainQueries.HiddenIndexProperties(chain, column, hidden),
                            "The index of ." + hidden.TargetMethod.Name + "() on column '" + (column.Name ?? "?") + "'",
                            chain.Table ?? "?");
                    }
                }
            }
        }
    }
}
