using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// PostgreSQL: CREATE INDEX without CONCURRENTLY holds a SHARE lock on the table for the whole build, so every
    /// INSERT, UPDATE and DELETE waits. Includes the indexes hidden in .Indexed() / .Unique() on a column added to an
    /// existing table, which FluentMigrator cannot build concurrently at all.
    /// </summary>
    internal sealed class CreateIndexNotConcurrentlyRule : MigrationRule
    {
        internal const string FixableProperty = "Fixable";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.CreateIndexNotConcurrently,
            title: "Create indexes on PostgreSQL concurrently",
            messageFormat: "{0} on '{1}' is built without CONCURRENTLY and blocks writes to the table for the whole build (PostgreSQL): {2}",
            RuleCategories.Locking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A plain CREATE INDEX takes a SHARE lock that blocks all writes until the index is built. Build it with .WithOptions().AsConcurrently() in a migration marked TransactionBehavior.None.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.CreateIndexNotConcurrently));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            const string runnerSplit = "the SafeMigrate runner builds it CONCURRENTLY outside a transaction during expand and cleans up an invalid leftover";
            foreach (var chain in context.Model.Chains)
            {
                if (!context.AppliesTo(chain, ProviderScope.Postgres) || context.IsNewTable(chain))
                {
                    continue;
                }

                if (chain.Kind == "Create.Index")
                {
                    if (ChainQueries.FindConcurrently(chain, context.Symbols) != null)
                    {
                        continue;
                    }

                    var properties = chain.IsSingleExpression && chain.HelperCallSite is null
                        ? ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, "true")
                        : null;
                    context.Report(
                        Rule,
                        chain.GetLocation(),
                        recipe: "add .WithOptions().AsConcurrently() and mark the migration TransactionBehavior.None",
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
                            recipe: "drop ." + hidden.TargetMethod.Name + "() and create the index with Create.Index(..).WithOptions().AsConcurrently() in a migration marked TransactionBehavior.None",
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
