using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Model
{
    /// <summary>
    /// Every rule looks at the same Up(): build its model once per compilation and share it between the analyzers,
    /// instead of walking each migration once per rule.
    /// </summary>
    internal static class MigrationModelCache
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, MigrationModel>> Cache =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, MigrationModel>>();

        public static MigrationModel Get(Compilation compilation, FluentMigratorSymbols symbols, IMethodSymbol upMethod, IOperation upBody, CancellationToken cancellationToken)
        {
            var models = Cache.GetValue(compilation, _ => new ConcurrentDictionary<IMethodSymbol, MigrationModel>(SymbolEqualityComparer.Default));
            if (models.TryGetValue(upMethod, out var model))
            {
                return model;
            }

            model = MigrationModelBuilder.Build(symbols, upMethod, upBody, cancellationToken);
            return models.GetOrAdd(upMethod, model);
        }
    }
}
