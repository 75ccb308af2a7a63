using SafeMigrate.Rules;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// SQL Server: an offline index build holds a shared lock (a Sch-M lock for a clustered index) for the whole
    /// build; WITH (ONLINE = ON) keeps the table writable (Enterprise, Developer and Azure SQL editions).
    /// </summary>
    internal sealed class CreateIndexNotOnlineRule : BlockingIndexBuildRule
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.CreateIndexNotOnline,
            title: "Create indexes on SQL Server online",
            messageFormat: "{0} on '{1}' is built offline and blocks writes to the table for the whole build (SQL Server): {2}",
            RuleCategories.Locking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An offline index build blocks writes until it finishes. Build it with .WithOptions().Online() (Enterprise, Developer, Azure SQL); on Standard edition, schedule it outside peak load.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.CreateIndexNotOnline));

        public override DiagnosticDescriptor Descriptor => Rule;

        protected override ProviderScope Provider => ProviderScope.SqlServer;

        protected override string RunnerSplit => "the SafeMigrate runner builds it online during expand where the edition allows";

        protected override string Recipe => "add .WithOptions().Online()";

        protected override string HiddenIndexRecipe(string method) =>
            "drop ." + method + "() and create the index with Create.Index(..).WithOptions().Online()";

        protected override bool IsBuiltWithoutBlocking(FluentChain chain, FluentMigratorSymbols symbols) => ChainQueries.HasOnline(chain.Calls, symbols);
    }
}
