using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeMigrate.Analyzers.Model
{
    /// <summary>
    /// The operation trees of helper methods that Up() calls, kept for the compilation: a helper in a shared base
    /// class is called by many migrations, and binding its body again for each of them would cost more than all the rules.
    /// </summary>
    internal sealed class HelperBodies
    {
        private readonly ConcurrentDictionary<IMethodSymbol, IOperation?> _bodies =
            new ConcurrentDictionary<IMethodSymbol, IOperation?>(SymbolEqualityComparer.Default);

        public IOperation? GetOrAdd(IMethodSymbol method, IInvocationOperation call, Func<IInvocationOperation, IMethodSymbol, IOperation?> load)
        {
            if (_bodies.TryGetValue(method, out var body))
            {
                return body;
            }

            return _bodies.GetOrAdd(method, load(call, method));
        }
    }
}
