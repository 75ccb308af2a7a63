using System.Collections.Immutable;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// The walk both index-build rules share: explicit <c>Create.Index</c> chains on an existing table that the
    /// provider would build while blocking writes, and the indexes hidden in <c>.Indexed()</c> / <c>.Unique()</c> on
    /// columns added to an existing table. Each provider's rule says what makes a build safe and how to fix it.
    /// </summary>
    internal abstract class BlockingIndexBuildRule : MigrationRule
    {
        /// <summary>Set on diagnostics whose chain the code fix can rewrite in place.</summary>
        internal const string FixableProperty = "Fixable";

        protected abstract ProviderScope Provider { get; }

        /// <summary>How the SafeMigrate runner builds the index instead (the Info message under the runner).</summary>
        protected abstract string RunnerSplit { get; }

        /// <summary>The fix for an explicit <c>Create.Index</c>.</summary>
        protected abstract string Recipe { get; }

        /// <summary>The fix for an index hidden in <c>.Indexed()</c> or <c>.Unique()</c> (<paramref name="method"/>).</summary>
        protected abstract string HiddenIndexRecipe(string method);

        /// <summary>The chain already asks for a build that does not block writes.</summary>
        protected abstract bool IsBuiltWithoutBlocking(FluentChain chain, FluentMigratorSymbols symbols);

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if (!context.AppliesTo(chain, Provider) || context.IsNewTable(chain))
                {
                    continue;
                }

                if (chain.Kind == "Create.Index")
                {
                    if (IsBuiltWithoutBlocking(chain, context.Symbols))
                    {
                        continue;
                    }

                    var properties = chain.IsSingleExpression && chain.HelperCallSite is null
                        ? ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, "true")
                        : null;
                    context.Report(Descriptor, chain.GetLocation(), Recipe, RunnerSplit, properties, "Create.Index", chain.Table ?? "?");
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
                            Descriptor,
                            chain.HelperCallSite ?? SyntaxLocations.MethodName(hidden),
                            recipe: HiddenIndexRecipe(hidden.TargetMethod.Name),
                            RunnerSplit,
                            properties: ChainQueries.HiddenIndexProperties(chain, column, hidden),
                            "The index of ." + hidden.TargetMethod.Name + "() on column '" + (column.Name ?? "?") + "'",
                            chain.Table ?? "?");
                    }
                }
            }
        }
    }
}
