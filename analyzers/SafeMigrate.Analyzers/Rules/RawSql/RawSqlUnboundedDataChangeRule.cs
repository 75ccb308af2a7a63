using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Rules.RawSql
{
    /// <summary>Raw SQL UPDATE or DELETE without a WHERE clause.</summary>
    internal sealed class RawSqlUnboundedDataChangeRule : RawSqlRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.RawSqlUnboundedDataChange,
            title: "Raw SQL must not update or delete every row in one statement",
            messageFormat: "Execute.Sql: {0}: {1}",
            RuleCategories.RawSql,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "UPDATE or DELETE without WHERE touches every row in one statement and keeps them locked until the migration commits.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.RawSqlUnboundedDataChange));

        internal override SqlHazardKind Kind => SqlHazardKind.UnboundedDataChange;

        /// <summary>A whole-table UPDATE that can be split by key range: the runner runs it as a batched backfill in expand (a DELETE it refuses).</summary>
        internal override string? RunnerSplit(MigrationRuleContext context, FluentChain chain, SqlStatement statement) =>
            statement.ReadDataChange(context.AppliesTo(chain, ProviderScope.Postgres) ? SqlFlavor.Postgres : SqlFlavor.SqlServer) is { SetClause: { } }
                ? "the SafeMigrate runner runs it in expand as a batched backfill, one short transaction per batch"
                : null;

        public override DiagnosticDescriptor Descriptor => Rule;

        internal override string Recipe => "backfill or purge in batches by key range, each batch in its own short transaction";
    }
}
