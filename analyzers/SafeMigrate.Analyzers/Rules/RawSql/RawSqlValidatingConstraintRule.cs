using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Rules.RawSql
{
    /// <summary>
    /// Raw SQL that adds a validating constraint to an existing table, or validates a constraint in the transaction
    /// that added it NOT VALID: the ADD's lock (ACCESS EXCLUSIVE for a CHECK, SHARE ROW EXCLUSIVE for a foreign key)
    /// is still held, so the validation scan blocks writes just as a validating ADD would.
    /// </summary>
    internal sealed class RawSqlValidatingConstraintRule : RawSqlRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.RawSqlValidatingConstraint,
            title: "Raw SQL constraints must be added without a locking validation",
            messageFormat: "Execute.Sql: {0}: {1}",
            RuleCategories.RawSql,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "ADD FOREIGN KEY or CHECK without NOT VALID (PostgreSQL) or WITH NOCHECK (SQL Server) scans the table under a lock that blocks writes; ADD UNIQUE or PRIMARY KEY builds its index under ACCESS EXCLUSIVE unless it uses an existing index.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.RawSqlValidatingConstraint));

        internal override SqlHazardKind Kind => SqlHazardKind.ValidatingConstraint;

        public override DiagnosticDescriptor Descriptor => Rule;

        internal override string Recipe => "add FOREIGN KEY / CHECK constraints NOT VALID (PostgreSQL) or WITH NOCHECK (SQL Server) and validate them in a later transaction; attach UNIQUE / PRIMARY KEY to an index built CONCURRENTLY with USING INDEX";

        internal override void AnalyzeInContext(MigrationRuleContext context, FluentChain chain, SqlStatement statement, RawSqlHistory history)
        {
            var table = statement.ValidatedConstraintTable;
            if (table is null
                || !history.AddedNotValidConstraintInSameTransaction(table, chain, migrationRunsInTransaction: !context.Model.RunsWithoutTransaction)
                || context.Model.IsCreatedBefore(table, null, chain.Order))
            {
                return;
            }

            context.Report(
                Rule,
                chain.GetLocation(),
                Recipe,
                runnerSplit: null,
                properties: null,
                "VALIDATE CONSTRAINT on " + table + " in the transaction that added it NOT VALID scans the table while the ADD's lock is still held");
        }
    }
}
