using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
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

        public override DiagnosticDescriptor Descriptor => Rule;

        internal override string Recipe => "use CREATE INDEX CONCURRENTLY / DROP INDEX CONCURRENTLY / REINDEX ... CONCURRENTLY in a migration marked TransactionBehavior.None (PostgreSQL), or WITH (ONLINE = ON) (SQL Server)";
    }
}
