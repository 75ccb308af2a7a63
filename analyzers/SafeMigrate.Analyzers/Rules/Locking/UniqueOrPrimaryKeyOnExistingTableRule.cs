using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// A unique or primary-key constraint builds its index under ACCESS EXCLUSIVE (PostgreSQL; a primary key also
    /// scans for NULLs), and fails on duplicates. SQL Server can build it with ONLINE = ON, which clears the hazard there.
    /// </summary>
    internal sealed class UniqueOrPrimaryKeyOnExistingTableRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.UniqueOrPrimaryKeyOnExistingTable,
            title: "Do not add a unique or primary-key constraint to an existing table in one step",
            messageFormat: "{0} on '{1}' builds its index under an exclusive lock: {2}",
            RuleCategories.Locking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "The constraint's index is built while the table is locked against reads and writes (PostgreSQL) or offline (SQL Server without ONLINE = ON).",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.UniqueOrPrimaryKeyOnExistingTable));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            const string recipe = "build a unique index CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX (PostgreSQL); add it WITH (ONLINE = ON) via .WithOptions().Online() (SQL Server)";
            const string runnerSplit = "the SafeMigrate runner builds a unique index concurrently (online on SQL Server) and attaches it with USING INDEX during expand";
            foreach (var chain in context.Model.Chains)
            {
                if (context.IsNewTable(chain))
                {
                    continue;
                }

                if (chain.Kind == "Create.UniqueConstraint" || chain.Kind == "Create.PrimaryKey")
                {
                    // Online() only exists for SQL Server; PostgreSQL has no fluent way to avoid the lock.
                    var scope = ChainQueries.HasOnline(chain.Calls, context.Symbols) ? ProviderScope.Postgres : ProviderScope.Both;
                    if (context.AppliesTo(chain, scope))
                    {
                        context.Report(Rule, chain.GetLocation(), recipe, runnerSplit, null, chain.Kind, chain.Table ?? "?");
                    }
                }
                else if (ChainQueries.ChangesExistingTableColumns(chain) && context.AppliesTo(chain, ProviderScope.Both))
                {
                    foreach (var column in chain.Columns)
                    {
                        var primaryKey = column.Find("PrimaryKey");
                        if (primaryKey != null)
                        {
                            context.Report(Rule, chain.HelperCallSite ?? SyntaxLocations.MethodName(primaryKey), recipe, runnerSplit, null, "The primary key on column '" + (column.Name ?? "?") + "'", chain.Table ?? "?");
                        }
                    }
                }
            }
        }
    }
}
