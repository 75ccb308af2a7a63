using System;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Compatibility
{
    /// <summary>Rename.Table: the running version queries the old name.</summary>
    internal sealed class RenameTableRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.RenameTable,
            title: "Do not rename a table the running version uses",
            messageFormat: "Rename.Table renames '{0}' while the running version still uses the old name: {1}",
            RuleCategories.Compatibility,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A rename is atomic: every statement of the running version that uses the old name fails at once.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.RenameTable));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if (chain.Kind != "Rename.Table" || !context.AppliesTo(chain, ProviderScope.Both) || context.IsNewTable(chain)
                    || KeepsOldName(context, chain))
                {
                    continue;
                }

                context.Report(
                    Rule,
                    chain.GetLocation(),
                    recipe: "rename it and keep the old name as a view (PostgreSQL) or synonym (SQL Server) until the old version is gone",
                    runnerSplit: "the SafeMigrate runner renames it and keeps the old name as an updatable view (PostgreSQL) or synonym (SQL Server) until contract",
                    properties: null,
                    chain.Table ?? "?");
            }
        }

        /// <summary>
        /// The recipe done by hand: later in the same migration, Execute.Sql creates a view (PostgreSQL: a simple view
        /// is updatable) or a synonym (SQL Server) under the old name, on every engine the rename runs on, so the old
        /// version's statements keep working.
        /// </summary>
        private static bool KeepsOldName(MigrationRuleContext context, FluentChain rename)
        {
            if (rename.Table is null)
            {
                return false;
            }

            var covered = ProviderScope.None;
            foreach (var chain in context.Model.Chains)
            {
                if (chain.Order <= rename.Order || chain.Kind != "Execute.Sql")
                {
                    continue;
                }

                foreach (var statement in chain.SqlStatements)
                {
                    if (string.Equals(statement.CreatedAlias, rename.Table, StringComparison.OrdinalIgnoreCase))
                    {
                        covered |= chain.Scope;
                    }
                }
            }

            var renamedOn = rename.Scope & context.Settings.Provider;
            return covered != ProviderScope.None && (renamedOn & ~covered) == 0;
        }
    }
}
