using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// Moves the index hidden in <c>.Indexed()</c> / <c>.Unique()</c> on a column added to an existing table into its own
    /// <c>Create.Index(..)</c> statement right after, built concurrently (PostgreSQL, with TransactionBehavior.None on the
    /// migration) or online (SQL Server). Offered only when the analyzer knew table, column and index name, and the chain
    /// is a statement of a block.
    /// </summary>
    internal static class HiddenIndexFix
    {
        public static bool CanFix(Diagnostic diagnostic, SyntaxNode root) => FindParts(diagnostic, root) != null;

        public static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, bool concurrently, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var parts = root is null ? null : FindParts(diagnostic, root);
            if (root is null || model is null || parts is null)
            {
                return document;
            }

            var (hidden, receiver, statement, block) = parts.Value;
            var properties = diagnostic.Properties;

            // The chain without the hidden call: "x\n    .Indexed()" becomes "x", with the call's trailing trivia.
            var strippedStatement = statement.ReplaceNode(hidden, receiver.WithTrailingTrivia(hidden.GetTrailingTrivia()));

            var text = "Create.Index(" + Literal(properties[ChainQueries.IndexNameProperty]) + ").OnTable(" + Literal(properties[ChainQueries.TableProperty]) + ")";
            if (properties.TryGetValue(ChainQueries.SchemaProperty, out var schema) && schema != null)
            {
                text += ".InSchema(" + Literal(schema) + ")";
            }

            text += ".OnColumn(" + Literal(properties[ChainQueries.ColumnProperty]) + ").Ascending()";
            if (properties[ChainQueries.HiddenIndexProperty] == "Unique")
            {
                text += ".WithOptions().Unique()";
            }

            text += concurrently ? ".WithOptions().AsConcurrently();" : ".WithOptions().Online();";
            var indexStatement = SyntaxFactory.ParseStatement(text)
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(statement.GetTrailingTrivia());

            var statements = new List<StatementSyntax>(block.Statements);
            var position = statements.IndexOf(statement);
            statements[position] = strippedStatement;
            statements.Insert(position + 1, indexStatement);
            var replacements = new Dictionary<SyntaxNode, SyntaxNode> { [block] = block.WithStatements(SyntaxFactory.List(statements)) };

            var attribute = concurrently ? FixSyntax.FindMigrationAttribute(statement, model, cancellationToken) : null;
            if (attribute != null)
            {
                replacements[attribute] = FixSyntax.WithTransactionBehaviorNone(attribute, model, cancellationToken);
            }

            var newRoot = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
            if (newRoot is CompilationUnitSyntax unit)
            {
                newRoot = FixSyntax.AddUsing(unit, concurrently ? "FluentMigrator.Postgres" : "FluentMigrator.SqlServer");
            }

            return document.WithSyntaxRoot(newRoot);
        }

        private static (InvocationExpressionSyntax Hidden, ExpressionSyntax Receiver, ExpressionStatementSyntax Statement, BlockSyntax Block)? FindParts(Diagnostic diagnostic, SyntaxNode root)
        {
            if (!diagnostic.Properties.TryGetValue(ChainQueries.HiddenIndexProperty, out var methodName) || methodName is null
                || diagnostic.Properties.GetValueOrDefault(ChainQueries.TableProperty) is null
                || diagnostic.Properties.GetValueOrDefault(ChainQueries.ColumnProperty) is null
                || diagnostic.Properties.GetValueOrDefault(ChainQueries.IndexNameProperty) is null)
            {
                return null;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var hidden = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (hidden?.Expression is not MemberAccessExpressionSyntax member || member.Name.Identifier.ValueText != methodName)
            {
                return null;
            }

            var statement = hidden.FirstAncestorOrSelf<ExpressionStatementSyntax>();
            if (statement?.Parent is not BlockSyntax block)
            {
                return null;
            }

            return (hidden, member.Expression, statement, block);
        }

        private static string Literal(string? value) => SymbolDisplay.FormatLiteral(value ?? string.Empty, quote: true);
    }
}
