using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Rules.RawSql
{
    /// <summary>Raw SQL index builds and drops that block the table: CREATE INDEX without CONCURRENTLY / ONLINE = ON, DROP INDEX and REINDEX without CONCURRENTLY.</summary>
    internal sealed class RawSqlBlockingIndexRule : RawSqlRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.RawSqlBlockingIndex,
            title: "Raw SQL index operations must be concurrent or online",
            messageFormat: "Execute.Sql: {0}: {1}",
            RuleCategories.RawSql,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "CREATE INDEX without CONCURRENTLY (PostgreSQL) or ONLINE = ON (SQL Server) blocks writes for the whole build; plain DROP INDEX and REINDEX take exclusive locks.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.RawSqlBlockingIndex));

        internal override SqlHazardKind Kind => SqlHazardKind.BlockingIndex;

        /// <summary>A plain PostgreSQL DROP INDEX the runner plans as DROP INDEX CONCURRENTLY IF EXISTS in contract (the reader's PlainDroppedIndexes).</summary>
        internal override string? RunnerSplit(MigrationRuleContext context, FluentChain chain, SqlStatement statement) =>
            statement.PlainDroppedIndexes != null && context.AppliesTo(chain, ProviderScope.Postgres)
                ? "the SafeMigrate runner drops it CONCURRENTLY IF EXISTS during contract"
                : null;

        public override DiagnosticDescriptor Descriptor => Rule;

        internal override string Recipe => "use CREATE INDEX CONCURRENTLY / DROP INDEX CONCURRENTLY / REINDEX ... CONCURRENTLY in a migration marked TransactionBehavior.None (PostgreSQL), or WITH (ONLINE = ON) (SQL Server)";
    }
}
