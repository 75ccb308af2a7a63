using SafeMigrate.Rules;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>Marks the migration [Migration(v, TransactionBehavior.None)] so that CONCURRENTLY is allowed.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConcurrentIndexInTransactionFixer)), Shared]
    public sealed class ConcurrentIndexInTransactionFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ConcurrentIndexInTransaction);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || model is null)
                {
                    continue;
                }

                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (FixSyntax.FindMigrationAttribute(node, model, context.CancellationToken) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Run the migration without a transaction (TransactionBehavior.None)",
                        ct => ApplyAsync(context.Document, node, ct),
                        equivalenceKey: nameof(ConcurrentIndexInTransactionFixer)),
                    diagnostic);
            }
        }

        private static async Task<Document> ApplyAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var attribute = model is null ? null : FixSyntax.FindMigrationAttribute(node, model, cancellationToken);
            if (root is null || model is null || attribute is null)
            {
                return document;
            }

            return document.WithSyntaxRoot(root.ReplaceNode(attribute, FixSyntax.WithTransactionBehaviorNone(attribute, model, cancellationToken)));
        }
    }
}
