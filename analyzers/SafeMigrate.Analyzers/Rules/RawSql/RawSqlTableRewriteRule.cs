using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeMigrate.Analyzers.Sql;

namespace SafeMigrate.Analyzers.Rules.RawSql
{
    /// <summary>Raw SQL that rewrites or exclusively locks a whole table.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RawSqlTableRewriteAnalyzer : RawSqlAnalyzer
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

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        internal override SqlHazardKind Kind => SqlHazardKind.TableRewrite;

        internal override DiagnosticDescriptor Descriptor => Rule;

        internal override string Recipe => "avoid it during a release; use a batched alternative (pg_repack for bloat, a nullable column with a backfill for new values)";
    }
}
