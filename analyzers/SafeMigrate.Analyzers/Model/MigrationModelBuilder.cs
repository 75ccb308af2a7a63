using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Sql;

namespace SafeMigrate.Analyzers.Model
{
    /// <summary>
    /// Walks a migration's Up() and the helper methods it calls (with the constant arguments it passes them),
    /// and groups every FluentMigrator call into the expression chain it belongs to.
    /// </summary>
    internal sealed class MigrationModelBuilder
    {
        private const int MaxHelperDepth = 4;

        private readonly FluentMigratorSymbols _symbols;
        private readonly INamedTypeSymbol _migrationType;
        private readonly CancellationToken _cancellationToken;
        private readonly List<FluentChain> _chains = new List<FluentChain>();
        private readonly HashSet<IMethodSymbol> _visiting = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        private int _order;

        private MigrationModelBuilder(FluentMigratorSymbols symbols, INamedTypeSymbol migrationType, CancellationToken cancellationToken)
        {
            _symbols = symbols;
            _migrationType = migrationType;
            _cancellationToken = cancellationToken;
        }

        public static MigrationModel Build(FluentMigratorSymbols symbols, IMethodSymbol upMethod, IOperation upBody, CancellationToken cancellationToken)
        {
            var builder = new MigrationModelBuilder(symbols, upMethod.ContainingType, cancellationToken);
            builder._visiting.Add(upMethod);
            builder.Walk(upBody, new Dictionary<IParameterSymbol, string?>(SymbolEqualityComparer.Default), 0, helperCallSite: null);

            var attribute = FindMigrationAttribute(symbols, upMethod.ContainingType);
            return new MigrationModel(upMethod.ContainingType, builder._chains, RunsWithoutTransaction(symbols, attribute), attribute);
        }

        private static AttributeData? FindMigrationAttribute(FluentMigratorSymbols symbols, INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                for (var current = attribute.AttributeClass; current != null; current = current.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(current, symbols.MigrationAttribute))
                    {
                        return attribute;
                    }
                }
            }

            return null;
        }

        private static bool RunsWithoutTransaction(FluentMigratorSymbols symbols, AttributeData? attribute)
        {
            if (attribute is null || symbols.TransactionBehavior is null)
            {
                return false;
            }

            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.Value)))
            {
                if (SymbolEqualityComparer.Default.Equals(argument.Type, symbols.TransactionBehavior) && argument.Value != null)
                {
                    foreach (var field in symbols.TransactionBehavior.GetMembers().OfType<IFieldSymbol>())
                    {
                        if (field.HasConstantValue && Equals(field.ConstantValue, argument.Value))
                        {
                            return field.Name == "None";
                        }
                    }
                }
            }

            return false;
        }

        private void Walk(IOperation body, Dictionary<IParameterSymbol, string?> parameters, int depth, Location? helperCallSite)
        {
            var environment = new ValueEnvironment(body, parameters);
            var chainsByRoot = new Dictionary<object, FluentChain>();
            var invocations = body.Descendants().OfType<IInvocationOperation>()
                .OrderBy(i => i.Syntax.SpanStart)
                .ThenByDescending(i => i.Syntax.Span.Length)
                .ToList();

            foreach (var invocation in invocations)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var method = invocation.TargetMethod;
                if (_symbols.IsFluentMigratorMethod(method))
                {
                    // IfDatabase(...) is read as the scope of the chains hanging off it; static helpers such as
                    // RawSql.Insert(...) are arguments, not expressions.
                    if ((method.IsStatic && !method.IsExtensionMethod)
                        || SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.MigrationBase))
                    {
                        continue;
                    }

                    AddToChain(invocation, environment, chainsByRoot, helperCallSite);
                }
                else if (depth < MaxHelperDepth && IsWalkableHelper(method))
                {
                    WalkHelper(invocation, environment, depth, helperCallSite);
                }
            }

            foreach (var chain in chainsByRoot.Values)
            {
                chain.Sort();
                FillTableAndSchema(chain);
            }
        }

        private bool IsWalkableHelper(IMethodSymbol method)
        {
            return method.MethodKind == MethodKind.Ordinary
                && !method.IsAbstract
                && !method.IsExtern
                && method.DeclaringSyntaxReferences.Length > 0
                && !_visiting.Contains(method.OriginalDefinition);
        }

        private void WalkHelper(IInvocationOperation invocation, ValueEnvironment callerEnvironment, int depth, Location? helperCallSite)
        {
            var method = invocation.TargetMethod.OriginalDefinition;
            var body = GetBody(invocation, method);
            if (body is null)
            {
                return;
            }

            var parameters = new Dictionary<IParameterSymbol, string?>(SymbolEqualityComparer.Default);
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter != null)
                {
                    parameters[argument.Parameter.OriginalDefinition] = callerEnvironment.EvaluateString(argument.Value);
                }
            }

            // A helper declared outside the migration class (a shared base class, a static helper) may be used by many
            // migrations: report at the call in this migration, where the author can act on it.
            var callSite = helperCallSite;
            if (callSite is null && !SymbolEqualityComparer.Default.Equals(method.ContainingType, _migrationType))
            {
                callSite = SyntaxLocations.MethodName(invocation);
            }

            _visiting.Add(method);
            Walk(body, parameters, depth + 1, callSite);
            _visiting.Remove(method);
        }

        [SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1030:Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer", Justification = "Only for helper methods called from Up() that are declared in another file (a shared migration base class); bounded by MaxHelperDepth.")]
        private static IOperation? GetBody(IInvocationOperation invocation, IMethodSymbol method)
        {
            var semanticModel = invocation.SemanticModel;
            if (semanticModel is null)
            {
                return null;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not MethodDeclarationSyntax declaration)
                {
                    continue;
                }

                var model = declaration.SyntaxTree == semanticModel.SyntaxTree
                    ? semanticModel
                    : semanticModel.Compilation.GetSemanticModel(declaration.SyntaxTree);
                var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
                if (body != null)
                {
                    return model.GetOperation(declaration) ?? model.GetOperation(body);
                }
            }

            return null;
        }

        private void AddToChain(IInvocationOperation invocation, ValueEnvironment environment, Dictionary<object, FluentChain> chainsByRoot, Location? helperCallSite)
        {
            var (rootCall, anchor, first) = FindRoot(invocation, environment);
            if (!chainsByRoot.TryGetValue(anchor, out var chain))
            {
                var kind = rootCall != null
                    ? _symbols.GetRootVerb(rootCall.TargetMethod.ContainingType) + "." + rootCall.TargetMethod.Name
                    : InferKind(first);
                var scope = rootCall != null ? GetScope(rootCall, environment) : ProviderScope.Both;
                chain = new FluentChain(kind, rootCall, scope, _order++, environment, helperCallSite);
                chainsByRoot[anchor] = chain;
                _chains.Add(chain);
                if (kind == "Execute.Sql" && rootCall != null && rootCall.Arguments.Length > 0)
                {
                    var sql = environment.EvaluateString(rootCall.Arguments[0].Value);
                    if (sql != null)
                    {
                        chain.SqlStatements = SqlStatementScanner.Scan(sql);
                    }
                }
            }

            chain.Add(invocation);
        }

        /// <summary>Follows receivers (through locals) down to the call on Create/Delete/Alter/...; the anchor groups a chain.</summary>
        private (IInvocationOperation? Root, object Anchor, IInvocationOperation First) FindRoot(IInvocationOperation invocation, ValueEnvironment environment)
        {
            var current = invocation;
            for (var guard = 0; guard < 200; guard++)
            {
                if (_symbols.GetRootVerb(current.TargetMethod.ContainingType) != null)
                {
                    return (current, current, current);
                }

                var receiver = GetReceiver(current);
                if (receiver is ILocalReferenceOperation local && environment.GetLocalValue(local.Local) is IOperation value)
                {
                    receiver = ValueEnvironment.Strip(value);
                }

                if (receiver is IInvocationOperation previous && _symbols.IsFluentMigratorMethod(previous.TargetMethod))
                {
                    current = previous;
                    continue;
                }

                if (receiver is IParameterReferenceOperation parameter)
                {
                    return (null, parameter.Parameter, current);
                }

                return (null, current, current);
            }

            return (null, current, current);
        }

        private static IOperation? GetReceiver(IInvocationOperation invocation)
        {
            var receiver = invocation.Instance;
            if (receiver is null && invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0)
            {
                receiver = invocation.Arguments[0].Value;
            }

            return receiver is null ? null : ValueEnvironment.Strip(receiver);
        }

        /// <summary>A chain reached through a lambda parameter: the builder interface's namespace says which expression it is.</summary>
        private static string InferKind(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var type = method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type : method.ContainingType;
            var ns = type?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            const string prefix = "FluentMigrator.Builders.";
            return ns.StartsWith(prefix, System.StringComparison.Ordinal) ? ns.Substring(prefix.Length) : "Unknown";
        }

        /// <summary>IfDatabase("PostgreSQL").Create... runs only on that engine.</summary>
        private static ProviderScope GetScope(IInvocationOperation rootCall, ValueEnvironment environment)
        {
            var receiver = rootCall.Instance is null ? null : ValueEnvironment.Strip(rootCall.Instance);
            if (receiver is IPropertyReferenceOperation property && property.Instance != null)
            {
                var instance = ValueEnvironment.Strip(property.Instance);
                if (instance is ILocalReferenceOperation local && environment.GetLocalValue(local.Local) is IOperation value)
                {
                    instance = ValueEnvironment.Strip(value);
                }

                if (instance is IInvocationOperation ifDatabase && ifDatabase.TargetMethod.Name == "IfDatabase")
                {
                    return GetIfDatabaseScope(ifDatabase, environment);
                }
            }

            return ProviderScope.Both;
        }

        private static ProviderScope GetIfDatabaseScope(IInvocationOperation ifDatabase, ValueEnvironment environment)
        {
            if (ifDatabase.Arguments.Length != 1)
            {
                return ProviderScope.Both;
            }

            var value = ValueEnvironment.Strip(ifDatabase.Arguments[0].Value);
            var items = value is IArrayCreationOperation array && array.Initializer != null
                ? array.Initializer.ElementValues.ToList()
                : new List<IOperation> { value };
            var scope = ProviderScope.None;
            foreach (var item in items)
            {
                if (item.Type?.SpecialType != SpecialType.System_String)
                {
                    return ProviderScope.Both; // the Predicate<string> overload: cannot tell
                }

                var text = environment.EvaluateString(item);
                scope |= text is null ? ProviderScope.Both : ProviderScopeParser.FromDatabaseType(text);
            }

            return scope;
        }

        private static void FillTableAndSchema(FluentChain chain)
        {
            var root = chain.RootCall;
            if (root != null && root.TargetMethod.Name == "Table" && root.Arguments.Length > 0)
            {
                chain.Table = chain.Environment.EvaluateString(root.Arguments[0].Value);
            }

            foreach (var call in chain.Calls)
            {
                var name = call.TargetMethod.Name;
                if (call.Arguments.Length == 0)
                {
                    continue;
                }

                var argument = call.TargetMethod.IsExtensionMethod ? (call.Arguments.Length > 1 ? call.Arguments[1] : null) : call.Arguments[0];
                if (argument is null)
                {
                    continue;
                }

                if (chain.Table is null && (name == "OnTable" || name == "FromTable"))
                {
                    chain.Table = chain.Environment.EvaluateString(argument.Value);
                }
                else if (chain.Schema is null && (name == "InSchema" || name == "FromSchema"))
                {
                    chain.Schema = chain.Environment.EvaluateString(argument.Value);
                }
            }
        }
    }
}
