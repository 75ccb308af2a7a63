using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Rules.RawSql
{
    /// <summary>
    /// Shared walk of the SQL text passed to Execute.Sql (when it is known at compile time). Each derived rule
    /// reports one kind of finding. Raw SQL stays a warning under the SafeMigrate runner: the runner can place a
    /// statement in a phase but does not rewrite it, except where a rule says so (<see cref="RunnerSplit"/>).
    /// </summary>
    internal abstract class RawSqlRule : MigrationRule
    {
        internal abstract SqlHazardKind Kind { get; }

        internal abstract string Recipe { get; }

        public override void Analyze(MigrationRuleContext context)
        {
            var history = new RawSqlHistory();
            foreach (var chain in context.Model.Chains)
            {
                if (chain.Kind != "Execute.Sql" || !context.AppliesTo(chain, ProviderScope.Both))
                {
                    continue;
                }

                var createdHere = new List<string>();
                foreach (var statement in chain.SqlStatements)
                {
                    if (statement.CreatedTable != null)
                    {
                        createdHere.Add(statement.CreatedTable);
                    }

                    foreach (var finding in statement.Findings)
                    {
                        if (finding.Kind != Kind || IsMadeSafeEarlier(finding, history))
                        {
                            continue;
                        }

                        if (finding.Table != null
                            && (Contains(createdHere, finding.Table) || context.Model.IsCreatedBefore(finding.Table, null, chain.Order)))
                        {
                            continue;
                        }

                        context.Report(Descriptor, chain.GetLocation(), Recipe, RunnerSplit(context, chain, statement), properties: null, finding.Description);
                    }

                    AnalyzeInContext(context, chain, statement, history);
                    history.Record(chain, statement);
                }
            }
        }

        /// <summary>What the SafeMigrate runner makes of a statement it rewrites into a safe form (reported at Info under it); null: it does not.</summary>
        internal virtual string? RunnerSplit(MigrationRuleContext context, FluentChain chain, SqlStatement statement) => null;

        /// <summary>A finding that an earlier statement of the same migration has made harmless.</summary>
        internal virtual bool IsMadeSafeEarlier(SqlFinding finding, RawSqlHistory history) => false;

        /// <summary>Hazards of a statement that only the statements before it in the same migration reveal.</summary>
        internal virtual void AnalyzeInContext(MigrationRuleContext context, FluentChain chain, SqlStatement statement, RawSqlHistory history)
        {
        }

        private static bool Contains(List<string> tables, string table)
        {
            foreach (var t in tables)
            {
                if (string.Equals(t, table, System.StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
