using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// PostgreSQL: CREATE INDEX without CONCURRENTLY holds a SHARE lock on the table for the whole build, so every
    /// INSERT, UPDATE and DELETE waits. Includes the indexes hidden in .Indexed() / .Unique() on a column added to an
    /// existing table, which FluentMigrator cannot build concurrently at all.
    /// </summary>
    internal sealed class CreateIndexNotConcurrentlyRule : BlockingIndexBuildRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.CreateIndexNotConcurrently,
            title: "Create indexes on PostgreSQL concurrently",
            messageFormat: "{0} on '{1}' is built without CONCURRENTLY and blocks writes to the table for the whole build (PostgreSQL): {2}",
            RuleCategories.Locking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A plain CREATE INDEX takes a SHARE lock that blocks all writes until the index is built. Build it with .WithOptions().AsConcurrently() in a migration marked TransactionBehavior.None.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.CreateIndexNotConcurrently));

        public override DiagnosticDescriptor Descriptor => Rule;

        protected override ProviderScope Provider => ProviderScope.Postgres;

        protected override string RunnerSplit => "the SafeMigrate runner builds it CONCURRENTLY outside a transaction during expand and cleans up an invalid leftover";

        protected override string Recipe => "add .WithOptions().AsConcurrently() and mark the migration TransactionBehavior.None";

        protected override string HiddenIndexRecipe(string method) =>
            "drop ." + method + "() and create the index with Create.Index(..).WithOptions().AsConcurrently() in a migration marked TransactionBehavior.None";

        protected override bool IsBuiltWithoutBlocking(FluentChain chain, FluentMigratorSymbols symbols) => ChainQueries.FindConcurrently(chain, symbols) != null;
    }
}
