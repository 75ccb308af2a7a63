using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// PostgreSQL refuses CREATE/DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY inside a transaction block
    /// (error 25001), and in raw SQL also the other statements it never runs in one (VACUUM, DETACH PARTITION CONCURRENTLY,
    /// CREATE DATABASE ...). FluentMigrator wraps each migration in one unless it is marked TransactionBehavior.None:
    /// the migration fails half-applied.
    /// </summary>
    internal sealed class ConcurrentIndexInTransactionRule : MigrationRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.ConcurrentIndexInTransaction,
            title: "Run concurrent index operations outside a transaction",
            messageFormat: "{0} runs inside the migration's transaction, where PostgreSQL refuses it (25001): {1}",
            RuleCategories.Locking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "CONCURRENTLY cannot run in a transaction block. Mark the migration [Migration(version, TransactionBehavior.None)] and keep the concurrent statement alone in its expression.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.ConcurrentIndexInTransaction));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            if (context.Model.RunsWithoutTransaction)
            {
                return;
            }

            const string recipe = "mark the migration [Migration(version, TransactionBehavior.None)]";
            const string runnerSplit = "the SafeMigrate runner runs concurrent index statements outside a transaction";
            foreach (var chain in context.Model.Chains)
            {
                if (!context.AppliesTo(chain, ProviderScope.Postgres))
                {
                    continue;
                }

                var concurrently = ChainQueries.FindConcurrently(chain, context.Symbols);
                if (concurrently != null)
                {
                    context.Report(Rule, chain.GetLocation(concurrently), recipe, runnerSplit, null, "AsConcurrently()");
                    continue;
                }

                if (chain.Kind == "Execute.Sql")
                {
                    // The same verdict the runner acts on (SqlStatement.TransactionRefusal, shared source): it runs such SQL
                    // alone outside a transaction, but only under its own runner; FluentMigrator's would fail.
                    foreach (var statement in chain.SqlStatements)
                    {
                        var refusal = statement.TransactionRefusal(SqlFlavor.Postgres);
                        if (refusal != null)
                        {
                            context.Report(Rule, chain.GetLocation(), recipe, runnerSplit: null, null, "Execute.Sql with " + refusal);
                            break;
                        }
                    }
                }
            }
        }
    }
}
