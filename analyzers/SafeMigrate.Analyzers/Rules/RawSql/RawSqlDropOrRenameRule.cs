using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Rules.RawSql
{
    /// <summary>Raw SQL that drops or renames a table, column or schema (DROP TABLE, ALTER TABLE ... DROP COLUMN / RENAME, sp_rename).</summary>
    internal sealed class RawSqlDropOrRenameRule : RawSqlRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.RawSqlDropOrRename,
            title: "Raw SQL must not drop or rename what the running version uses",
            messageFormat: "Execute.Sql: {0}: {1}",
            RuleCategories.RawSql,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "DROP TABLE, DROP COLUMN, DROP SCHEMA, RENAME and sp_rename break every statement of the running version that uses the old name.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.RawSqlDropOrRename));

        internal override SqlHazardKind Kind => SqlHazardKind.DropOrRename;

        public override DiagnosticDescriptor Descriptor => Rule;

        internal override string Recipe => "drop in a later release once no running version uses it; for a rename, add the new name alongside the old one and remove the old one later";
    }
}
