using SafeMigrate.Rules;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// PostgreSQL: FluentMigrator always generates a plain DROP INDEX, which takes ACCESS EXCLUSIVE on the table;
    /// waiting for it queues every later query. SQL Server only takes a short Sch-M lock, so it is not reported there.
    /// </summary>
    internal sealed class DropIndexNotConcurrentlyRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.DropIndexNotConcurrently,
            title: "Drop indexes on PostgreSQL concurrently",
            messageFormat: "Delete.Index drops {0} with a plain DROP INDEX, which takes ACCESS EXCLUSIVE on the table (PostgreSQL): {1}",
            RuleCategories.Locking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "FluentMigrator has no concurrent DROP INDEX; the plain one takes an ACCESS EXCLUSIVE lock and every query on the table queues behind it.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.DropIndexNotConcurrently));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if (chain.Kind != "Delete.Index" || !context.AppliesTo(chain, ProviderScope.Postgres) || context.IsNewTable(chain))
                {
                    continue;
                }

                var root = chain.RootCall!;
                var index = root.Arguments.Length > 0 ? chain.Environment.EvaluateString(root.Arguments[0].Value) : null;
                context.Report(
                    Rule,
                    chain.GetLocation(),
                    recipe: "use Execute.Sql(\"DROP INDEX CONCURRENTLY ...\") in a migration marked TransactionBehavior.None",
                    runnerSplit: "the SafeMigrate runner drops it CONCURRENTLY during contract",
                    properties: null,
                    Describe(chain, index));
            }
        }

        /// <summary>
        /// 'name', or for the unnamed <c>Delete.Index().OnTable(t).OnColumn(c)</c> (FluentMigrator names it by its
        /// columns when the index name convention runs) the index on t (c).
        /// </summary>
        private static string Describe(FluentChain chain, string? index)
        {
            if (index != null)
            {
                return "'" + index + "'";
            }

            var columns = new List<string>();
            foreach (var call in chain.Calls)
            {
                if (call.TargetMethod.Name != "OnColumn" && call.TargetMethod.Name != "OnColumns")
                {
                    continue;
                }

                foreach (var argument in call.Arguments)
                {
                    var value = ValueEnvironment.Strip(argument.Value);
                    if (value is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        foreach (var item in initializer.ElementValues)
                        {
                            columns.Add(chain.Environment.EvaluateString(item) ?? "?");
                        }
                    }
                    else if (value.Type?.SpecialType == SpecialType.System_String)
                    {
                        columns.Add(chain.Environment.EvaluateString(value) ?? "?");
                    }
                }
            }

            return "the index on '" + (chain.Table ?? "?") + "' (" + (columns.Count == 0 ? "?" : string.Join(", ", columns)) + ")";
        }
    }
}
