using SafeMigrate.Rules;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// Appends .WithOptions().AsConcurrently() to Create.Index and marks the migration TransactionBehavior.None, since
    /// PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CreateIndexNotConcurrentlyFixer)), Shared]
    public sealed class CreateIndexNotConcurrentlyFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.CreateIndexNotConcurrently);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root != null && HiddenIndexFix.CanFix(diagnostic, root))
                {
                    var hidden = diagnostic;
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Move the index to its own Create.Index, built concurrently (TransactionBehavior.None)",
                            ct => HiddenIndexFix.ApplyAsync(context.Document, hidden, concurrently: true, ct),
                            equivalenceKey: nameof(HiddenIndexFix) + "Concurrently"),
                        diagnostic);
                    continue;
                }

                if (root is null || !diagnostic.Properties.ContainsKey(CreateIndexNotConcurrentlyRule.FixableProperty))
                {
                    continue;
                }

                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Build the index concurrently (TransactionBehavior.None)",
                        ct => IndexOptionFix.ApplyAsync(context.Document, node, "AsConcurrently", "FluentMigrator.Postgres", markNoTransaction: true, ct),
                        equivalenceKey: nameof(CreateIndexNotConcurrentlyFixer)),
                    diagnostic);
            }
        }
    }
}
