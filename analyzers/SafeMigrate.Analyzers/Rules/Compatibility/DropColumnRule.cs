using SafeMigrate.Rules;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Compatibility
{
    /// <summary>Delete.Column on an existing table: the running version still selects and inserts it.</summary>
    internal sealed class DropColumnRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.DropColumn,
            title: "Do not drop a column the running version uses",
            messageFormat: "Delete.Column drops {0} from '{1}' while the running version may still read or write it: {2}",
            RuleCategories.Compatibility,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Dropping a column breaks every query of the running version that names it, and its data is gone. Stop using the column in one release, drop it in a later one.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.DropColumn));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if (chain.Kind != "Delete.Column" || !context.AppliesTo(chain, ProviderScope.Both) || context.IsNewTable(chain))
                {
                    continue;
                }

                var columns = new List<string>();
                foreach (var call in chain.Calls)
                {
                    if (call.TargetMethod.Name == "Column" && call.Arguments.Length > 0)
                    {
                        columns.Add("'" + (chain.Environment.EvaluateString(call.Arguments[0].Value) ?? "?") + "'");
                    }
                }

                context.Report(
                    Rule,
                    chain.GetLocation(),
                    recipe: "first release code that no longer uses it, then drop it in a later migration",
                    runnerSplit: "the SafeMigrate runner makes it nullable during expand and drops it during contract",
                    properties: null,
                    string.Join(", ", columns),
                    chain.Table ?? "?");
            }
        }
    }
}
