using SafeMigrate.Rules;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>Appends .WithOptions().Online() (SqlServerExtensions) to Create.Index.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CreateIndexNotOnlineFixer)), Shared]
    public sealed class CreateIndexNotOnlineFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.CreateIndexNotOnline);

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
                            "Move the index to its own Create.Index, built online",
                            ct => HiddenIndexFix.ApplyAsync(context.Document, hidden, concurrently: false, ct),
                            equivalenceKey: nameof(HiddenIndexFix) + "Online"),
                        diagnostic);
                    continue;
                }

                if (root is null || !diagnostic.Properties.ContainsKey(CreateIndexNotOnlineRule.FixableProperty))
                {
                    continue;
                }

                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Build the index online",
                        ct => IndexOptionFix.ApplyAsync(context.Document, node, "Online", "FluentMigrator.SqlServer", markNoTransaction: false, ct),
                        equivalenceKey: nameof(CreateIndexNotOnlineFixer)),
                    diagnostic);
            }
        }
    }
}
