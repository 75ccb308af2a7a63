using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SafeMigrate.Analyzers.Infrastructure
{
    /// <summary>Syntax edits shared by the SafeMigrate code fixes.</summary>
    internal static class FixSyntax
    {
        /// <summary>From one call of a fluent chain to the whole chain: <c>Create.Index("ix").OnTable("t").OnColumn("c")</c>.</summary>
        public static InvocationExpressionSyntax? GetOutermostInvocation(SyntaxNode node)
        {
            var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null)
            {
                return null;
            }

            while (invocation.Parent is MemberAccessExpressionSyntax member
                && member.Expression == invocation
                && member.Parent is InvocationExpressionSyntax outer)
            {
                invocation = outer;
            }

            return invocation;
        }

        /// <summary>The name of the method an invocation calls (<c>OnColumn</c> for <c>x.OnColumn("c")</c>).</summary>
        public static string? GetMethodName(InvocationExpressionSyntax invocation)
        {
            return invocation.Expression is MemberAccessExpressionSyntax member ? member.Name.Identifier.ValueText : null;
        }

        /// <summary><c>expression.Name(arguments)</c>, keeping the expression's trailing trivia after the new call.</summary>
        public static InvocationExpressionSyntax AppendCall(ExpressionSyntax expression, string name, params ExpressionSyntax[] arguments)
        {
            var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName(name)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(SyntaxFactory.Argument))));
            return call.WithTrailingTrivia(expression.GetTrailingTrivia());
        }

        public static CompilationUnitSyntax AddUsing(CompilationUnitSyntax root, string namespaceName)
        {
            if (root.Usings.Any(u => u.Name?.ToString() == namespaceName))
            {
                return root;
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName)).NormalizeWhitespace().WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
            if (root.Usings.Count > 0)
            {
                directive = directive.WithTrailingTrivia(root.Usings.Last().GetTrailingTrivia());
            }

            return root.AddUsings(directive);
        }

        /// <summary>
        /// The [Migration(..)] attribute of the migration class around <paramref name="node"/>, when it is FluentMigrator's own
        /// (a project's derived attribute may not take a TransactionBehavior).
        /// </summary>
        public static AttributeSyntax? FindMigrationAttribute(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            var type = node.FirstAncestorOrSelf<ClassDeclarationSyntax>();
            if (type is null)
            {
                return null;
            }

            foreach (var attribute in type.AttributeLists.SelectMany(l => l.Attributes))
            {
                var constructor = model.GetSymbolInfo(attribute, cancellationToken).Symbol as IMethodSymbol;
                if (constructor?.ContainingType.ToDisplayString() == "FluentMigrator.MigrationAttribute")
                {
                    return attribute;
                }
            }

            return null;
        }

        /// <summary>[Migration(1, "d")] becomes [Migration(1, TransactionBehavior.None, "d")]; an existing TransactionBehavior argument is replaced.</summary>
        public static AttributeSyntax WithTransactionBehaviorNone(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
        {
            var none = SyntaxFactory.ParseExpression("TransactionBehavior.None");
            var arguments = attribute.ArgumentList?.Arguments.ToList() ?? new List<AttributeArgumentSyntax>();
            for (var i = 0; i < arguments.Count; i++)
            {
                var type = model.GetTypeInfo(arguments[i].Expression, cancellationToken).Type;
                if (type?.ToDisplayString() == "FluentMigrator.TransactionBehavior")
                {
                    arguments[i] = arguments[i].WithExpression(none.WithTriviaFrom(arguments[i].Expression));
                    return attribute.WithArgumentList(Rebuild(attribute.ArgumentList!, arguments));
                }
            }

            var position = arguments.Count == 0 ? 0 : 1;
            arguments.Insert(position, SyntaxFactory.AttributeArgument(none));
            var list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
            return attribute.WithArgumentList(Rebuild(list, arguments));
        }

        private static AttributeArgumentListSyntax Rebuild(AttributeArgumentListSyntax list, List<AttributeArgumentSyntax> arguments)
        {
            var separators = Enumerable.Range(0, System.Math.Max(0, arguments.Count - 1))
                .Select(_ => SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            return list.WithArguments(SyntaxFactory.SeparatedList(arguments.Select(a => a.WithoutLeadingTrivia()), separators));
        }
    }
}
