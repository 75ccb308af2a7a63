using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Model
{
    /// <summary>
    /// Walks a migration's Up() and the helper methods it calls (with the constant arguments it passes them),
    /// and groups every FluentMigrator call into the expression chain it belongs to.
    /// </summary>
    internal sealed class MigrationModelBuilder
    {
        /// <summary>Where a call's chain starts: the root call (null for a lambda's builder parameter), what groups the chain, and its first call.</summary>
        private readonly struct ChainRoot
        {
            public ChainRoot(IInvocationOperation? root, object anchor, IInvocationOperation first)
            {
                Root = root;
                Anchor = anchor;
                First = first;
            }

            public IInvocationOperation? Root { get; }

            public object Anchor { get; }

            public IInvocationOperation First { get; }

            public void Deconstruct(out IInvocationOperation? root, out object anchor, out IInvocationOperation first)
            {
                root = Root;
                anchor = Anchor;
                first = First;
            }
        }

        private const int MaxHelperDepth = 4;

        private readonly FluentMigratorSymbols _symbols;
        private readonly HelperBodies _helperBodies;
        private readonly INamedTypeSymbol _migrationType;
        private readonly CancellationToken _cancellationToken;
        private readonly List<FluentChain> _chains = new List<FluentChain>();
        private readonly List<IfDatabaseCall> _ifDatabaseCalls = new List<IfDatabaseCall>();
        private readonly HashSet<IMethodSymbol> _visiting = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        private int _order;

        private MigrationModelBuilder(FluentMigratorSymbols symbols, HelperBodies helperBodies, INamedTypeSymbol migrationType, CancellationToken cancellationToken)
        {
            _symbols = symbols;
            _helperBodies = helperBodies;
            _migrationType = migrationType;
            _cancellationToken = cancellationToken;
        }

        /// <summary>
        /// The model of <paramref name="migrationType"/>'s <paramref name="upMethod"/> (its own or an inherited one). Chains
        /// in an inherited Up() are reported at <paramref name="classLocation"/>, the migration's name; chains in the
        /// overrides it dispatches to, at their own statements.
        /// </summary>
        public static MigrationModel Build(FluentMigratorSymbols symbols, HelperBodies helperBodies, INamedTypeSymbol migrationType, IMethodSymbol upMethod, IOperation upBody, Location? classLocation, CancellationToken cancellationToken)
        {
            var builder = new MigrationModelBuilder(symbols, helperBodies, migrationType, cancellationToken);
            builder._visiting.Add(upMethod.OriginalDefinition);
            var inherited = !SymbolEqualityComparer.Default.Equals(upMethod.ContainingType, migrationType);
            builder.Walk(upBody, new Dictionary<IParameterSymbol, string?>(SymbolEqualityComparer.Default), 0, inherited ? classLocation : null);

            var attribute = FindMigrationAttribute(symbols, migrationType);
            return new MigrationModel(migrationType, builder._chains, builder._ifDatabaseCalls, RunsWithoutTransaction(symbols, attribute), attribute);
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
            if (attribute is null || symbols.TransactionBehaviorNone is null)
            {
                return false;
            }

            foreach (var argument in attribute.ConstructorArguments)
            {
                if (IsTransactionBehavior(symbols, argument))
                {
                    return Equals(argument.Value, symbols.TransactionBehaviorNone);
                }
            }

            foreach (var named in attribute.NamedArguments)
            {
                if (IsTransactionBehavior(symbols, named.Value))
                {
                    return Equals(named.Value.Value, symbols.TransactionBehaviorNone);
                }
            }

            return false;
        }

        private static bool IsTransactionBehavior(FluentMigratorSymbols symbols, TypedConstant argument) =>
            argument.Value != null && SymbolEqualityComparer.Default.Equals(argument.Type, symbols.TransactionBehavior);

        private void Walk(IOperation body, Dictionary<IParameterSymbol, string?> parameters, int depth, Location? helperCallSite)
        {
            // One pass over the body collects both the calls and the locals' values (split builder chains).
            var environment = new ValueEnvironment(parameters);
            var invocations = new List<IInvocationOperation>();
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        invocations.Add(invocation);
                        break;
                    case IVariableDeclaratorOperation declarator when declarator.Initializer != null:
                        environment.SetLocal(declarator.Symbol, declarator.Initializer.Value, replace: true);
                        break;
                    case ISimpleAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation local:
                        environment.SetLocal(local.Local, assignment.Value, replace: false);
                        break;
                }
            }

            // Source order; a chain's outer calls before its inner ones (they start at the same position).
            invocations.Sort(CompareSourceOrder);

            var chainsByRoot = new Dictionary<object, FluentChain>();
            var roots = new Dictionary<IInvocationOperation, ChainRoot>();
            foreach (var invocation in invocations)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var method = invocation.TargetMethod;
                if (FluentMigratorSymbols.IsFluentMigratorMethod(method))
                {
                    // IfDatabase(...) is read as the scope of the chains hanging off it; static helpers such as
                    // RawSql.Insert(...) are arguments, not expressions.
                    if ((method.IsStatic && !method.IsExtensionMethod)
                        || SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.MigrationBase))
                    {
                        if (method.Name == "IfDatabase")
                        {
                            _ifDatabaseCalls.Add(new IfDatabaseCall(invocation, GetDatabaseTypes(invocation, environment), helperCallSite));
                        }

                        continue;
                    }

                    AddToChain(invocation, environment, chainsByRoot, roots, helperCallSite);
                }
                else if (depth < MaxHelperDepth)
                {
                    // A virtual call on this (MainDbUpgrade() in a base class's Up()) runs the migration's override.
                    var target = invocation.IsVirtual && invocation.Instance is IInstanceReferenceOperation
                        ? FluentMigratorSymbols.ResolveVirtualCall(_migrationType, method)
                        : method;
                    if (IsWalkableHelper(target))
                    {
                        WalkHelper(invocation, target, environment, depth, helperCallSite);
                    }
                }
            }

            foreach (var chain in chainsByRoot.Values)
            {
                chain.Sort();
                FillTableAndSchema(chain);
            }
        }

        private static int CompareSourceOrder(IInvocationOperation a, IInvocationOperation b)
        {
            var byStart = a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart);
            return byStart != 0 ? byStart : b.Syntax.Span.Length.CompareTo(a.Syntax.Span.Length);
        }

        private bool IsWalkableHelper(IMethodSymbol method)
        {
            return method.MethodKind == MethodKind.Ordinary
                && !method.IsAbstract
                && !method.IsExtern
                && method.DeclaringSyntaxReferences.Length > 0
                && !_visiting.Contains(method.OriginalDefinition);
        }

        private void WalkHelper(IInvocationOperation invocation, IMethodSymbol target, ValueEnvironment callerEnvironment, int depth, Location? helperCallSite)
        {
            var method = target.OriginalDefinition;
            var body = _helperBodies.GetOrAdd(method, invocation.SemanticModel!.Compilation);
            if (body is null)
            {
                return;
            }

            // Arguments bind to the called method's parameters; an override has its own parameter symbols, matched by position.
            var parameters = new Dictionary<IParameterSymbol, string?>(SymbolEqualityComparer.Default);
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && parameter.Ordinal < method.Parameters.Length)
                {
                    parameters[method.Parameters[parameter.Ordinal]] = callerEnvironment.EvaluateString(argument.Value);
                }
            }

            // A method declared in the migration class itself is where its author acts: its chains are reported at their
            // own statements, even when an inherited Up() calls it. A helper declared elsewhere (a shared base class, a
            // static helper) may be used by many migrations: report at the call in this migration.
            var callSite = SymbolEqualityComparer.Default.Equals(method.ContainingType, _migrationType.OriginalDefinition)
                ? null
                : helperCallSite ?? SyntaxLocations.MethodName(invocation);

            _visiting.Add(method);
            Walk(body, parameters, depth + 1, callSite);
            _visiting.Remove(method);
        }

        private void AddToChain(IInvocationOperation invocation, ValueEnvironment environment, Dictionary<object, FluentChain> chainsByRoot, Dictionary<IInvocationOperation, ChainRoot> roots, Location? helperCallSite)
        {
            var (rootCall, anchor, first) = FindRoot(invocation, environment, roots);
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

        /// <summary>
        /// Follows receivers (through locals) down to the call on Create/Delete/Alter/...; the anchor groups a chain.
        /// Every call passed on the way gets the same answer, so the inner calls of a chain (visited after the outer
        /// one) find theirs without walking again.
        /// </summary>
        private ChainRoot FindRoot(IInvocationOperation invocation, ValueEnvironment environment, Dictionary<IInvocationOperation, ChainRoot> roots)
        {
            if (roots.TryGetValue(invocation, out var known))
            {
                return known;
            }

            var path = new List<IInvocationOperation>();
            var current = invocation;
            ChainRoot result;
            for (var guard = 0; ; guard++)
            {
                path.Add(current);
                if (guard >= 200)
                {
                    result = new ChainRoot(null, current, current);
                    break;
                }

                if (_symbols.GetRootVerb(current.TargetMethod.ContainingType) != null)
                {
                    result = new ChainRoot(current, current, current);
                    break;
                }

                var receiver = GetReceiver(current);
                if (receiver is ILocalReferenceOperation local && environment.GetLocalValue(local.Local) is IOperation value)
                {
                    receiver = ValueEnvironment.Strip(value);
                }

                if (receiver is IInvocationOperation previous && FluentMigratorSymbols.IsFluentMigratorMethod(previous.TargetMethod))
                {
                    if (roots.TryGetValue(previous, out known))
                    {
                        result = known;
                        break;
                    }

                    current = previous;
                    continue;
                }

                result = receiver is IParameterReferenceOperation parameter
                    ? new ChainRoot(null, parameter.Parameter, current)
                    : new ChainRoot(null, current, current);
                break;
            }

            foreach (var call in path)
            {
                roots[call] = result;
            }

            return result;
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

        private static List<string?> GetDatabaseTypes(IInvocationOperation ifDatabase, ValueEnvironment environment)
        {
            var types = new List<string?>();
            if (ifDatabase.Arguments.Length != 1)
            {
                return types;
            }

            var value = ValueEnvironment.Strip(ifDatabase.Arguments[0].Value);
            if (value is IArrayCreationOperation array && array.Initializer != null)
            {
                foreach (var item in array.Initializer.ElementValues)
                {
                    types.Add(environment.EvaluateString(item));
                }
            }
            else if (value.Type?.SpecialType == SpecialType.System_String)
            {
                types.Add(environment.EvaluateString(value));
            }

            return types;
        }

        private static ProviderScope GetIfDatabaseScope(IInvocationOperation ifDatabase, ValueEnvironment environment)
        {
            if (ifDatabase.Arguments.Length != 1)
            {
                return ProviderScope.Both;
            }

            var value = ValueEnvironment.Strip(ifDatabase.Arguments[0].Value);
            if (value is IArrayCreationOperation array && array.Initializer != null)
            {
                var scope = ProviderScope.None;
                foreach (var item in array.Initializer.ElementValues)
                {
                    var itemScope = GetDatabaseTypeScope(item, environment);
                    if (itemScope == ProviderScope.Both)
                    {
                        return ProviderScope.Both;
                    }

                    scope |= itemScope;
                }

                return scope;
            }

            return GetDatabaseTypeScope(value, environment);
        }

        private static ProviderScope GetDatabaseTypeScope(IOperation item, ValueEnvironment environment)
        {
            if (item.Type?.SpecialType != SpecialType.System_String)
            {
                return DatabaseTypePredicate.Evaluate(item, environment); // the Predicate<string> overload
            }

            var text = environment.EvaluateString(item);
            return text is null ? ProviderScope.Both : ProviderScopeParser.FromDatabaseType(text);
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
