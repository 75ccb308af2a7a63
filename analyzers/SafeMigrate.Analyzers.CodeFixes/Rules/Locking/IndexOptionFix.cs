using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>Appends an index option (AsConcurrently, Online) to a Create.Index chain.</summary>
    internal static class IndexOptionFix
    {
        public static async Task<Document> ApplyAsync(Document document, SyntaxNode node, string option, string extensionNamespace, bool markNoTransaction, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var chain = FixSyntax.GetOutermostInvocation(node);
            if (root is null || model is null || chain is null)
            {
                return document;
            }

            // After .WithOptions() the chain already is ICreateIndexOptionsSyntax, which has no WithOptions() of its own.
            var type = model.GetTypeInfo(chain, cancellationToken).Type;
            var receiver = type?.Name == "ICreateIndexOptionsSyntax" ? (ExpressionSyntax)chain : FixSyntax.AppendCall(chain, "WithOptions");
            var fixedChain = FixSyntax.AppendCall(receiver, option);

            var attribute = markNoTransaction ? FixSyntax.FindMigrationAttribute(chain, model, cancellationToken) : null;
            var replacements = new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode> { [chain] = fixedChain };
            if (attribute != null)
            {
                replacements[attribute] = FixSyntax.WithTransactionBehaviorNone(attribute, model, cancellationToken);
            }

            var newRoot = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
            if (newRoot is CompilationUnitSyntax unit)
            {
                newRoot = FixSyntax.AddUsing(unit, extensionNamespace);
            }

            return document.WithSyntaxRoot(newRoot);
        }
    }
}
