using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Rules.RawSql
{
    /// <summary>Raw SQL that changes a column's type or nullability in place, or adds a NOT NULL column without default.</summary>
    internal sealed class RawSqlAlterColumnRule : RawSqlRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.RawSqlAlterColumn,
            title: "Raw SQL must not change a column's type or tighten it in place",
            messageFormat: "Execute.Sql: {0}: {1}",
            RuleCategories.RawSql,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "ALTER COLUMN ... TYPE rewrites the table under ACCESS EXCLUSIVE; SET NOT NULL scans it; ADD COLUMN ... NOT NULL without DEFAULT fails on existing rows and breaks the running version's INSERTs.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.RawSqlAlterColumn));

        internal override SqlHazardKind Kind => SqlHazardKind.AlterColumn;

        public override DiagnosticDescriptor Descriptor => Rule;

        internal override string Recipe => "use a shadow column of the new type with sync triggers and a batched backfill; for NOT NULL, add CHECK (c IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL; give new NOT NULL columns a default";

        /// <summary>
        /// SET NOT NULL after a VALIDATE CONSTRAINT on the same table in the same migration is the recipe's last step
        /// (CHECK (c IS NOT NULL) NOT VALID, VALIDATE, SET NOT NULL): PostgreSQL 12+ uses the validated check instead of scanning.
        /// </summary>
        internal override bool IsMadeSafeEarlier(SqlFinding finding, RawSqlHistory history) =>
            finding.IsSetNotNull && history.HasValidatedConstraintOn(finding.Table);
    }
}
