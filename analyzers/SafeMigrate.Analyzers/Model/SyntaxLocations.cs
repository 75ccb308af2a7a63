using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace SafeMigrate.Analyzers.Model
{
    internal static class SyntaxLocations
    {
        /// <summary>From the method name to the closing parenthesis: <c>Column("a")</c> in <c>Delete.Column("a")</c>.</summary>
        public static Location MethodName(IInvocationOperation invocation)
        {
            if (invocation.Syntax is InvocationExpressionSyntax syntax && syntax.Expression is MemberAccessExpressionSyntax member)
            {
                return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(member.Name.SpanStart, syntax.Span.End));
            }

            return invocation.Syntax.GetLocation();
        }
    }
}
