using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Infrastructure
{
    /// <summary>
    /// Base of every SafeMigrate rule: resolves FluentMigrator once per compilation (and registers nothing when it
    /// is not referenced), then hands each migration's Up() model to the rule. Down() is never analyzed: it only
    /// runs on a rollback, and undoing Up's additions is exactly what it is for.
    /// </summary>
    public abstract class MigrationAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = FluentMigratorSymbols.TryCreate(start.Compilation);
                if (symbols is null)
                {
                    return;
                }

                var settings = AnalyzerSettings.Create(start.Compilation, start.Options);
                start.RegisterOperationBlockAction(block =>
                {
                    if (!symbols.IsUpMethod(block.OwningSymbol) || block.OperationBlocks.IsEmpty)
                    {
                        return;
                    }

                    var root = block.OperationBlocks[0];
                    while (root.Parent != null)
                    {
                        root = root.Parent;
                    }

                    var model = MigrationModelCache.Get(block.Compilation, symbols, (IMethodSymbol)block.OwningSymbol, root, block.CancellationToken);
                    AnalyzeMigration(new MigrationRuleContext(block, model, settings, symbols));
                });
            });
        }

        internal abstract void AnalyzeMigration(MigrationRuleContext context);
    }

    internal sealed class MigrationRuleContext
    {
        private readonly OperationBlockAnalysisContext _block;

        public MigrationRuleContext(OperationBlockAnalysisContext block, MigrationModel model, AnalyzerSettings settings, FluentMigratorSymbols symbols)
        {
            _block = block;
            Model = model;
            Settings = settings;
            Symbols = symbols;
        }

        public MigrationModel Model { get; }

        public AnalyzerSettings Settings { get; }

        public FluentMigratorSymbols Symbols { get; }

        /// <summary>The chain runs on <paramref name="provider"/>: its IfDatabase branch and the project's SafeMigrateProvider allow it.</summary>
        public bool AppliesTo(FluentChain chain, ProviderScope provider) => (chain.Scope & Settings.Provider & provider) != 0;

        public bool IsNewTable(FluentChain chain) => Model.IsCreatedBefore(chain.Table, chain.Schema, chain.Order);

        /// <summary>
        /// Reports a hazard. The last message argument is the safe recipe, or, when the project runs under the
        /// SafeMigrate runner and <paramref name="runnerSplit"/> says how the runner makes it safe, that text at Info severity.
        /// </summary>
        public void Report(DiagnosticDescriptor descriptor, Location location, string recipe, string? runnerSplit, ImmutableDictionary<string, string?>? properties, params object?[] args)
        {
            var runnerHandles = runnerSplit != null && Settings.RunsUnderSafeMigrate;
            var messageArgs = args.Concat(new object?[] { runnerHandles ? runnerSplit : recipe }).ToArray();
            var severity = runnerHandles ? DiagnosticSeverity.Info : descriptor.DefaultSeverity;
            _block.ReportDiagnostic(Diagnostic.Create(descriptor, location, severity, additionalLocations: null, properties, messageArgs));
        }
    }
}
