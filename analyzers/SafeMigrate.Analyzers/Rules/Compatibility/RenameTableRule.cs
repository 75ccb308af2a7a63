using SafeMigrate.Rules;
using System;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Compatibility
{
    /// <summary>
    /// Rename.Table, and Alter.Table(..).InSchema(..).ToSchema(..) (ALTER TABLE .. SET SCHEMA / ALTER SCHEMA .. TRANSFER),
    /// which moves the table: either way the running version queries a name that no longer exists.
    /// </summary>
    internal sealed class RenameTableRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.RenameTable,
            title: "Do not rename or move a table the running version uses",
            messageFormat: "{0} while the running version still uses the old name: {1}",
            RuleCategories.Compatibility,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A rename or a move to another schema is atomic: every statement of the running version that uses the old name fails at once.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.RenameTable));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if (!context.AppliesTo(chain, ProviderScope.Both) || context.IsNewTable(chain))
                {
                    continue;
                }

                if (chain.Kind == "Rename.Table" && !KeepsOldName(context, chain))
                {
                    context.Report(
                        Rule,
                        chain.GetLocation(),
                        recipe: "rename it and keep the old name as a view (PostgreSQL) or synonym (SQL Server) until the old version is gone",
                        runnerSplit: "the SafeMigrate runner renames it and keeps the old name as an updatable view (PostgreSQL) or synonym (SQL Server) until contract",
                        properties: null,
                        "Rename.Table renames '" + (chain.Table ?? "?") + "'");
                }
                else if (chain.Kind == "Alter.Table" && chain.Find("ToSchema") is { } toSchema)
                {
                    // AlterSchemaExpression: the runner has no split for it (it refuses the migration), so no runner text.
                    var target = toSchema.Arguments.Length > 0 ? chain.Environment.EvaluateString(toSchema.Arguments[0].Value) : null;
                    context.Report(
                        Rule,
                        chain.GetLocation(toSchema),
                        recipe: "create the table in the new schema, sync and backfill it, and move readers before dropping the old one in a later release; or keep a view under the old schema until the old version is gone",
                        runnerSplit: null,
                        properties: null,
                        "Alter.Table('" + (chain.Table ?? "?") + "').ToSchema('" + (target ?? "?") + "') moves the table out of " + (chain.Schema is null ? "its schema" : "'" + chain.Schema + "'"));
                }
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
