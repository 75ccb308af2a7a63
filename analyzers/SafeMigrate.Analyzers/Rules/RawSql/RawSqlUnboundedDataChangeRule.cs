using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeMigrate.Analyzers.Sql;

namespace SafeMigrate.Analyzers.Rules.RawSql
{
    /// <summary>Raw SQL UPDATE or DELETE without a WHERE clause.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RawSqlUnboundedDataChangeAnalyzer : RawSqlAnalyzer
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

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        internal override SqlHazardKind Kind => SqlHazardKind.UnboundedDataChange;

        internal override DiagnosticDescriptor Descriptor => Rule;

        internal override string Recipe => "backfill or purge in batches by key range, each batch in its own short transaction";
    }
}
