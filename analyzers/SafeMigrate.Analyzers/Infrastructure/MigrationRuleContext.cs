using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Infrastructure
{
    /// <summary>What a rule sees of one migration: its Up() model, the project's settings, and where to report.</summary>
    internal sealed class MigrationRuleContext
    {
        private readonly Action<Diagnostic> _report;

        public MigrationRuleContext(MigrationModel model, AnalyzerSettings settings, FluentMigratorSymbols symbols, Action<Diagnostic> report)
        {
            Model = model;
            Settings = settings;
            Symbols = symbols;
            _report = report;
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
            var messageArgs = new object?[args.Length + 1];
            Array.Copy(args, messageArgs, args.Length);
            messageArgs[args.Length] = runnerHandles ? runnerSplit : recipe;
            var severity = runnerHandles ? DiagnosticSeverity.Info : descriptor.DefaultSeverity;
            _report(Diagnostic.Create(descriptor, location, severity, additionalLocations: null, properties, messageArgs));
        }
    }
}
