using System;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Compatibility
{
    /// <summary>
    /// IfDatabase("Postgres"): FluentMigrator 8.0.1 registers its PostgreSQL processor as "PostgreSQL15_0" with the
    /// alias "PostgreSQL" only, and IfDatabase compares the names it is given with those (ignoring case). "Postgres"
    /// matches nothing, so the branch's expressions are dropped without a word: the migration is recorded as applied
    /// and the index, column or SQL it was meant to add never reaches the database. The branch's content is still
    /// checked as PostgreSQL by the other rules, which is what its author meant.
    /// </summary>
    internal sealed class IgnoredIfDatabaseBranchRule : MigrationRule
    {
        private const string UnmatchedPostgresName = "Postgres";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.IgnoredIfDatabaseBranch,
            title: "IfDatabase(\"Postgres\") is ignored by FluentMigrator 8.0.1",
            messageFormat: "IfDatabase(\"{0}\") matches no processor in FluentMigrator 8.0.1, so this branch never runs: {1}",
            RuleCategories.Compatibility,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "FluentMigrator 8.0.1 knows PostgreSQL as \"PostgreSQL\" (and the versioned ids such as \"PostgreSQL15_0\"), not \"Postgres\": an IfDatabase(\"Postgres\") branch is skipped silently while the migration is recorded as applied.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.IgnoredIfDatabaseBranch));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            if ((context.Settings.Provider & ProviderScope.Postgres) == 0)
            {
                return; // a SQL Server-only project never runs a PostgreSQL branch anyway
            }

            foreach (var ifDatabase in context.Model.IfDatabaseCalls)
            {
                foreach (var databaseType in ifDatabase.DatabaseTypes)
                {
                    if (string.Equals(databaseType, UnmatchedPostgresName, StringComparison.OrdinalIgnoreCase))
                    {
                        context.Report(
                            Rule,
                            ifDatabase.GetLocation(),
                            recipe: "use IfDatabase(ProcessorIdConstants.PostgreSQL), that is \"PostgreSQL\"",
                            runnerSplit: null,
                            properties: null,
                            databaseType);
                        break;
                    }
                }
            }
        }
    }
}
