using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Model
{
    /// <summary>
    /// Reads <c>IfDatabase(Predicate&lt;string&gt;)</c>: FluentMigrator calls the predicate with the processor's id and
    /// each of its aliases and keeps the branch when one of them matches. A predicate written as a lambda over simple
    /// string tests (<c>==</c>, <c>!=</c>, Equals, StartsWith, EndsWith, Contains, combined with <c>&amp;&amp;</c>,
    /// <c>||</c>, <c>!</c>) is evaluated against the ids PostgreSQL and SQL Server processors carry; anything else
    /// (a method group, a captured variable) is read as "every database", as before.
    /// </summary>
    internal static class DatabaseTypePredicate
    {
        // The ids and aliases FluentMigrator's processors carry, across the 3.x to 8.x lines (ProcessorIdConstants):
        // PostgresProcessor "Postgres" (the registered one up to 7.0), Postgres15_0Processor "PostgreSQL15_0" (from 7.1),
        // the alias "PostgreSQL" on both; SqlServer2016Processor "SqlServer2016" with alias "SqlServer".
        private static readonly string[] PostgresIds = { "Postgres", "PostgreSQL", "PostgreSQL15_0", "PostgreSQL11_0", "PostgreSQL10_0", "Postgres92", "PostgreSQL92" };
        private static readonly string[] SqlServerIds = { "SqlServer", "SqlServer2016", "SqlServer2014", "SqlServer2012", "SqlServer2008", "SqlServer2005", "SqlServer2000" };

        /// <summary>The engines on which the predicate keeps the branch; Both when it cannot be read.</summary>
        public static ProviderScope Evaluate(IOperation argument, ValueEnvironment environment)
        {
            var value = ValueEnvironment.Strip(argument);
            if (value is IDelegateCreationOperation creation)
            {
                value = ValueEnvironment.Strip(creation.Target);
            }

            if (value is not IAnonymousFunctionOperation lambda || lambda.Symbol.Parameters.Length != 1)
            {
                return ProviderScope.Both;
            }

            var body = SingleReturnedValue(lambda.Body);
            if (body is null)
            {
                return ProviderScope.Both;
            }

            var parameter = lambda.Symbol.Parameters[0];
            var scope = ProviderScope.None;
            foreach (var (ids, provider) in new[] { (PostgresIds, ProviderScope.Postgres), (SqlServerIds, ProviderScope.SqlServer) })
            {
                foreach (var id in ids)
                {
                    var result = Test(body, parameter, id, environment);
                    if (result is null)
                    {
                        return ProviderScope.Both;
                    }

                    if (result.Value)
                    {
                        scope |= provider;
                        break;
                    }
                }
            }

            return scope;
        }

        /// <summary>The expression of <c>x =&gt; expr</c> or <c>x =&gt; { return expr; }</c>.</summary>
        private static IOperation? SingleReturnedValue(IBlockOperation body)
        {
            IOperation? returned = null;
            foreach (var operation in body.Operations)
            {
                if (operation is IReturnOperation { ReturnedValue: { } value })
                {
                    if (returned != null)
                    {
                        return null;
                    }

                    returned = value;
                }
                else
                {
                    return null;
                }
            }

            return returned;
        }

        /// <summary>The predicate's value for <paramref name="id"/>; null when the expression is not one this reads.</summary>
        private static bool? Test(IOperation operation, IParameterSymbol parameter, string id, ValueEnvironment environment)
        {
            operation = ValueEnvironment.Strip(operation);
            if (operation.ConstantValue.HasValue && operation.ConstantValue.Value is bool constant)
            {
                return constant;
            }

            switch (operation)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Test(not.Operand, parameter, id, environment) is bool inner ? !inner : null;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } and:
                    return Combine(Test(and.LeftOperand, parameter, id, environment), Test(and.RightOperand, parameter, id, environment), (a, b) => a && b);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or } or:
                    return Combine(Test(or.LeftOperand, parameter, id, environment), Test(or.RightOperand, parameter, id, environment), (a, b) => a || b);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    var equal = Compare(comparison.LeftOperand, comparison.RightOperand, parameter, id, environment, StringComparison.Ordinal, "Equals");
                    return equal is bool e ? (comparison.OperatorKind == BinaryOperatorKind.Equals ? e : !e) : null;

                case IInvocationOperation call when call.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String:
                    return TestStringMethod(call, parameter, id, environment);

                default:
                    return null;
            }
        }

        private static bool? TestStringMethod(IInvocationOperation call, IParameterSymbol parameter, string id, ValueEnvironment environment)
        {
            var name = call.TargetMethod.Name;
            if (name != "Equals" && name != "StartsWith" && name != "EndsWith" && name != "Contains")
            {
                return null;
            }

            // id.Equals("x"[, comparison]) / string.Equals(id, "x"[, comparison]) / id.StartsWith("x"[, comparison]) ...
            IOperation? subject;
            IOperation? other;
            var rest = 0;
            if (call.Instance != null && call.Arguments.Length >= 1)
            {
                subject = call.Instance;
                other = call.Arguments[0].Value;
                rest = 1;
            }
            else if (call.Instance is null && call.Arguments.Length >= 2)
            {
                subject = call.Arguments[0].Value;
                other = call.Arguments[1].Value;
                rest = 2;
            }
            else
            {
                return null;
            }

            // StartsWith(string) compares culture-sensitively but case-sensitively, like Ordinal for these ASCII ids.
            var comparison = StringComparison.Ordinal;
            for (var i = rest; i < call.Arguments.Length; i++)
            {
                var value = call.Arguments[i].Value.ConstantValue;
                if (!value.HasValue)
                {
                    return null;
                }

                if (value.Value is int mode)
                {
                    comparison = mode is (int)StringComparison.OrdinalIgnoreCase or (int)StringComparison.CurrentCultureIgnoreCase or (int)StringComparison.InvariantCultureIgnoreCase
                        ? StringComparison.OrdinalIgnoreCase
                        : StringComparison.Ordinal;
                }
                else if (value.Value is bool ignoreCase)
                {
                    comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                }
                else
                {
                    return null;
                }
            }

            return Compare(subject, other, parameter, id, environment, comparison, name);
        }

        /// <summary>One side is the lambda's parameter, the other a string known at compile time.</summary>
        private static bool? Compare(IOperation left, IOperation right, IParameterSymbol parameter, string id, ValueEnvironment environment, StringComparison comparison, string test)
        {
            string? text;
            if (IsParameter(left, parameter))
            {
                text = environment.EvaluateString(right);
            }
            else if (IsParameter(right, parameter) && test == "Equals")
            {
                text = environment.EvaluateString(left);
            }
            else
            {
                return null;
            }

            if (text is null)
            {
                return null;
            }

            switch (test)
            {
                case "Equals":
                    return string.Equals(id, text, comparison);
                case "StartsWith":
                    return id.StartsWith(text, comparison);
                case "EndsWith":
                    return id.EndsWith(text, comparison);
                default:
                    return id.IndexOf(text, comparison) >= 0;
            }
        }

        private static bool IsParameter(IOperation operation, IParameterSymbol parameter) =>
            ValueEnvironment.Strip(operation) is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter);

        private static bool? Combine(bool? a, bool? b, Func<bool, bool, bool> combine) =>
            a is bool x && b is bool y ? combine(x, y) : null;
    }
}
