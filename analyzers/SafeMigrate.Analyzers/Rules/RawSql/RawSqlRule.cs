using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Sql;

namespace SafeMigrate.Analyzers.Rules.RawSql
{
    /// <summary>
    /// Shared walk of the SQL text passed to Execute.Sql (when it is known at compile time). Each derived rule
    /// reports one kind of finding. Raw SQL stays a warning under the SafeMigrate runner: the runner can place a
    /// statement in a phase but does not rewrite it.
    /// </summary>
    public abstract class RawSqlAnalyzer : MigrationAnalyzer
    {
        internal abstract SqlHazardKind Kind { get; }

        internal abstract DiagnosticDescriptor Descriptor { get; }

        internal abstract string Recipe { get; }

        internal override void AnalyzeMigration(MigrationRuleContext context)
        {
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
                        if (finding.Kind != Kind)
                        {
                            continue;
                        }

                        if (finding.Table != null
                            && (createdHere.Exists(t => string.Equals(t, finding.Table, System.StringComparison.OrdinalIgnoreCase))
                                || context.Model.IsCreatedBefore(finding.Table, null, chain.Order)))
                        {
                            continue;
                        }

                        context.Report(Descriptor, chain.GetLocation(), Recipe, runnerSplit: null, properties: null, finding.Description);
                    }
                }
            }
        }
    }
}
