using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeMigrate.Analyzers.Model
{
    /// <summary>
    /// What is known about values inside one walked method body: the constant arguments its caller passed
    /// (helper methods called from Up with table names) and the initial values of its locals (split builder chains).
    /// </summary>
    internal sealed class ValueEnvironment
    {
        private readonly Dictionary<IParameterSymbol, string?> _parameters;
        private readonly Dictionary<ILocalSymbol, IOperation> _locals = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);

        public ValueEnvironment(Dictionary<IParameterSymbol, string?> parameters)
        {
            _parameters = parameters;
        }

        /// <summary>
        /// Records what a local holds: its initializer (<paramref name="replace"/>), or the first value assigned to a
        /// local declared without one.
        /// </summary>
        public void SetLocal(ILocalSymbol local, IOperation value, bool replace)
        {
            if (replace || !_locals.ContainsKey(local))
            {
                _locals[local] = value;
            }
        }

        public IOperation? GetLocalValue(ILocalSymbol local)
        {
            return _locals.TryGetValue(local, out var value) ? value : null;
        }

        public static IOperation Strip(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>The string value of an argument when it can be known without running code, else null.</summary>
        public string? EvaluateString(IOperation? operation, int depth = 0)
        {
            if (operation is null || depth > 8)
            {
                return null;
            }

            if (operation.ConstantValue.HasValue)
            {
                return operation.ConstantValue.Value as string;
            }

            operation = Strip(operation);
            switch (operation)
            {
                case IParameterReferenceOperation parameter:
                    return _parameters.TryGetValue(parameter.Parameter, out var value) ? value : null;
                case ILocalReferenceOperation local:
                    return EvaluateString(GetLocalValue(local.Local), depth + 1);
                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.Add:
                    var left = EvaluateString(binary.LeftOperand, depth + 1);
                    var right = EvaluateString(binary.RightOperand, depth + 1);
                    return left != null && right != null ? left + right : null;
                case IInterpolatedStringOperation interpolated:
                    // Holes become a neutral identifier so that the statement keeps its shape for the SQL scanner.
                    var builder = new StringBuilder();
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolatedStringTextOperation text)
                        {
                            builder.Append(text.Text.ConstantValue.Value as string);
                        }
                        else if (part is IInterpolationOperation hole)
                        {
                            builder.Append(EvaluateString(hole.Expression, depth + 1) ?? "x");
                        }
                    }

                    return builder.ToString();
                default:
                    return null;
            }
        }
    }
}
