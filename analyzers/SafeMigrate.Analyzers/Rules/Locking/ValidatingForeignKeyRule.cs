using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// Adding a foreign key validates every existing row while holding SHARE ROW EXCLUSIVE on both tables
    /// (PostgreSQL) or a schema lock (SQL Server): writes to both tables wait for the scan. FluentMigrator cannot
    /// emit NOT VALID / WITH NOCHECK.
    /// </summary>
    internal sealed class ValidatingForeignKeyRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.ValidatingForeignKey,
            title: "Do not add a validating foreign key to an existing table",
            messageFormat: "{0} on '{1}' validates every row while blocking writes to both tables: {2}",
            RuleCategories.Locking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A foreign key added to an existing table is checked against every row under a lock that blocks writes on both tables. Add it NOT VALID (PostgreSQL) or WITH NOCHECK (SQL Server), then validate it separately.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.ValidatingForeignKey));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            const string recipe = "add it with Execute.Sql(\"... NOT VALID\") and VALIDATE CONSTRAINT in a later transaction (PostgreSQL), or WITH NOCHECK (SQL Server)";
            const string runnerSplit = "the SafeMigrate runner adds it NOT VALID during expand and validates it in its own transaction, so writes continue";
            foreach (var chain in context.Model.Chains)
            {
                if (!context.AppliesTo(chain, ProviderScope.Both) || context.IsNewTable(chain))
                {
                    continue;
                }

                if (chain.Kind == "Create.ForeignKey")
                {
                    context.Report(Rule, chain.GetLocation(), recipe, runnerSplit, null, "Create.ForeignKey", chain.Table ?? "?");
                }
                else if (ChainQueries.ChangesExistingTableColumns(chain))
                {
                    foreach (var column in chain.Columns)
                    {
                        var foreignKey = column.Find("ForeignKey") ?? column.Find("References");
                        if (foreignKey != null)
                        {
                            context.Report(Rule, chain.HelperCallSite ?? SyntaxLocations.MethodName(foreignKey), recipe, runnerSplit, null, "The foreign key on column '" + (column.Name ?? "?") + "'", chain.Table ?? "?");
                        }
                    }
                }
            }
        }
    }
}
