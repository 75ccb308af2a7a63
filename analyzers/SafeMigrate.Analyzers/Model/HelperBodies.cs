using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SafeMigrate.Analyzers.Model
{
    /// <summary>
    /// The operation trees of helper methods that Up() calls (and of inherited Up() methods), kept for the compilation:
    /// a helper or an Up() in a shared base class serves many migrations, and binding its body again for each of them would cost more than all the rules.
    /// </summary>
    internal sealed class HelperBodies
    {
        private readonly ConcurrentDictionary<IMethodSymbol, IOperation?> _bodies =
            new ConcurrentDictionary<IMethodSymbol, IOperation?>(SymbolEqualityComparer.Default);

        public IOperation? GetOrAdd(IMethodSymbol method, Compilation compilation)
        {
            if (_bodies.TryGetValue(method, out var body))
            {
                return body;
            }

            return _bodies.GetOrAdd(method, Load(method, compilation));
        }

        [SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1030:Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer", Justification = "Only for methods declared in another file than the migration (a shared base class, its inherited Up()); each is bound once per compilation and cached here.")]
        private static IOperation? Load(IMethodSymbol method, Compilation compilation)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not MethodDeclarationSyntax declaration)
                {
                    continue;
                }

                var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
                if (body != null)
                {
                    var model = compilation.GetSemanticModel(declaration.SyntaxTree);
                    return model.GetOperation(declaration) ?? model.GetOperation(body);
                }
            }

            return null;
        }
    }
}
