using SafeMigrate.Rules;
using System;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Compatibility
{
    /// <summary>
    /// IfDatabase("Postgres"): from FluentMigrator 7.1.0 (commit 581c7fd, "Fixes #2018"), AddPostgres() registers
    /// Postgres15_0Processor, id "PostgreSQL15_0" with the aliases "PostgreSQL15_0" and "PostgreSQL", and IfDatabase
    /// compares the names it is given with those (ignoring case). "Postgres" matches nothing, so the branch's
    /// expressions are dropped without a word: the migration is recorded as applied and the index, column or SQL it
    /// was meant to add never reaches the database. Up to 7.0.0 AddPostgres() registered PostgresProcessor, whose id
    /// is "Postgres": the branch ran. The alias came back after 8.0.1 (#2305, on the 9.0.0 line). So the rule reports
    /// only when the project references FluentMigrator 7.1 to 8.x. The branch's content is still checked as PostgreSQL
    /// by the other rules, which is what its author meant.
    /// </summary>
    internal sealed class IgnoredIfDatabaseBranchRule : MigrationRule
    {
        private const string UnmatchedPostgresName = "Postgres";

        private static readonly Version FirstAffected = new Version(7, 1);
        private static readonly Version FirstFixed = new Version(9, 0);

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.IgnoredIfDatabaseBranch,
            title: "IfDatabase(\"Postgres\") is ignored by FluentMigrator 7.1 to 8.x",
            messageFormat: "IfDatabase(\"{0}\") matches no processor in FluentMigrator {1}, so this branch never runs: {2}",
            RuleCategories.Compatibility,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "FluentMigrator 7.1 to 8.x knows PostgreSQL as \"PostgreSQL\" (and the versioned ids such as \"PostgreSQL15_0\"), not \"Postgres\": an IfDatabase(\"Postgres\") branch is skipped silently while the migration is recorded as applied.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.IgnoredIfDatabaseBranch));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            if ((context.Settings.Provider & ProviderScope.Postgres) == 0)
            {
                return; // a SQL Server-only project never runs a PostgreSQL branch anyway
            }

            var version = context.Symbols.FluentMigratorVersion;
            if (version < FirstAffected || version >= FirstFixed)
            {
                return;
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
                            databaseType,
                            version.ToString(version.Build >= 0 ? 3 : 2));
                        break;
                    }
                }
            }
        }
    }
}
