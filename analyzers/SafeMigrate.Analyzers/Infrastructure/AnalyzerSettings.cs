using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeMigrate.Analyzers.Infrastructure
{
    /// <summary>Per-compilation settings: target provider(s) and whether the SafeMigrate runner executes the migrations.</summary>
    internal sealed class AnalyzerSettings
    {
        public const string ProviderProperty = "build_property.SafeMigrateProvider";
        public const string RunnerAssemblyName = "SafeMigrate";

        private AnalyzerSettings(ProviderScope provider, bool runsUnderSafeMigrate)
        {
            Provider = provider;
            RunsUnderSafeMigrate = runsUnderSafeMigrate;
        }

        public ProviderScope Provider { get; }

        /// <summary>The project references the SafeMigrate library, so its runner splits hazards into expand and contract.</summary>
        public bool RunsUnderSafeMigrate { get; }

        public static AnalyzerSettings Create(Compilation compilation, AnalyzerOptions options)
        {
            options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(ProviderProperty, out var provider);
            var runner = false;
            foreach (var reference in compilation.ReferencedAssemblyNames)
            {
                if (reference.Name == RunnerAssemblyName)
                {
                    runner = true;
                    break;
                }
            }

            return new AnalyzerSettings(ProviderScopeParser.FromBuildProperty(provider), runner);
        }
    }
}
