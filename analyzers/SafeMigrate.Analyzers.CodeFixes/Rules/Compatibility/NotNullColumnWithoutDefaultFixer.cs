using SafeMigrate.Rules;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Rules.Compatibility
{
    /// <summary>
    /// Makes a new NOT NULL column nullable, or gives it a constant default (catalog-only on PostgreSQL 11+, so it
    /// neither rewrites the table nor breaks the running version's INSERTs).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NotNullColumnWithoutDefaultFixer)), Shared]
    public sealed class NotNullColumnWithoutDefaultFixer : CodeFixProvider
    {
        private static readonly Dictionary<string, string> DefaultsByType = new Dictionary<string, string>
        {
            ["AsString"] = "\"\"",
            ["AsAnsiString"] = "\"\"",
            ["AsFixedLengthString"] = "\"\"",
            ["AsFixedLengthAnsiString"] = "\"\"",
            ["AsInt16"] = "0",
            ["AsInt32"] = "0",
            ["AsInt64"] = "0",
            ["AsByte"] = "0",
            ["AsDecimal"] = "0",
            ["AsDouble"] = "0",
            ["AsFloat"] = "0",
            ["AsCurrency"] = "0",
            ["AsBoolean"] = "false",
            ["AsDate"] = "SystemMethods.CurrentUTCDateTime",
            ["AsDateTime"] = "SystemMethods.CurrentUTCDateTime",
            ["AsDateTime2"] = "SystemMethods.CurrentUTCDateTime",
            ["AsDateTimeOffset"] = "SystemMethods.CurrentUTCDateTime",
        };

        private static readonly HashSet<string> ColumnStarts = new HashSet<string> { "AddColumn", "AlterColumn", "WithColumn" };

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.NotNullColumnWithoutDefault);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null)
                {
                    continue;
                }

                var start = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (start is null)
                {
                    continue;
                }

                var segment = GetSegment(start);
                context.RegisterCodeFix(
                    CodeAction.Create("Make the column nullable", _ => Task.FromResult(MakeNullable(context.Document, root, segment)), equivalenceKey: "MakeNullable"),
                    diagnostic);

                var typeCall = segment.FirstOrDefault(c => FixSyntax.GetMethodName(c) is string name && DefaultsByType.ContainsKey(name));
                if (typeCall != null)
                {
                    var value = DefaultsByType[FixSyntax.GetMethodName(typeCall)!];
                    context.RegisterCodeFix(
                        CodeAction.Create("Give the column the default " + value, _ => Task.FromResult(AddDefault(context.Document, root, typeCall, value)), equivalenceKey: "AddDefault"),
                        diagnostic);
                }
            }
        }

        /// <summary>The column's calls: the AddColumn / Column call and the chained calls up to the next column.</summary>
        private static List<InvocationExpressionSyntax> GetSegment(InvocationExpressionSyntax start)
        {
            var segment = new List<InvocationExpressionSyntax> { start };
            var current = start;
            while (current.Parent is MemberAccessExpressionSyntax member && member.Expression == current && member.Parent is InvocationExpressionSyntax next)
            {
                if (ColumnStarts.Contains(member.Name.Identifier.ValueText))
                {
                    break;
                }

                segment.Add(next);
                current = next;
            }

            return segment;
        }

        private static Document MakeNullable(Document document, SyntaxNode root, List<InvocationExpressionSyntax> segment)
        {
            var notNullable = segment.LastOrDefault(c => FixSyntax.GetMethodName(c) == "NotNullable");
            if (notNullable?.Expression is MemberAccessExpressionSyntax member)
            {
                var renamed = member.WithName(SyntaxFactory.IdentifierName("Nullable").WithTriviaFrom(member.Name));
                return document.WithSyntaxRoot(root.ReplaceNode(member, renamed));
            }

            var anchor = segment.FirstOrDefault(c => FixSyntax.GetMethodName(c)?.StartsWith("As", System.StringComparison.Ordinal) == true) ?? segment.Last();
            return document.WithSyntaxRoot(root.ReplaceNode(anchor, FixSyntax.AppendCall(anchor, "Nullable")));
        }

        private static Document AddDefault(Document document, SyntaxNode root, InvocationExpressionSyntax typeCall, string value)
        {
            // SystemMethods values go through WithDefault, which FluentMigrator translates per database (now() / GETUTCDATE()).
            var method = value.StartsWith("SystemMethods.", System.StringComparison.Ordinal) ? "WithDefault" : "WithDefaultValue";
            var fixedCall = FixSyntax.AppendCall(typeCall, method, SyntaxFactory.ParseExpression(value));
            return document.WithSyntaxRoot(root.ReplaceNode(typeCall, fixedCall));
        }
    }
}
