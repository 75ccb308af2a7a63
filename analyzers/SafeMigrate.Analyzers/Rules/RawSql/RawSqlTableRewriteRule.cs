using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Rules.RawSql
{
    /// <summary>Raw SQL that rewrites or exclusively locks a whole table.</summary>
    internal sealed class RawSqlTableRewriteRule : RawSqlRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.RawSqlTableRewrite,
            title: "Raw SQL must not rewrite or exclusively lock a table",
            messageFormat: "Execute.Sql: {0}: {1}",
            RuleCategories.RawSql,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "TRUNCATE, VACUUM FULL, CLUSTER, LOCK TABLE, SET TABLESPACE and ADD COLUMN with identity, serial, stored generated or volatile defaults rewrite or lock the whole table.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.RawSqlTableRewrite));

        internal override SqlHazardKind Kind => SqlHazardKind.TableRewrite;

        public override DiagnosticDescriptor Descriptor => Rule;

        internal override string Recipe => "avoid it during a release; use a batched alternative (pg_repack for bloat, a nullable column with a backfill for new values)";
    }
}
