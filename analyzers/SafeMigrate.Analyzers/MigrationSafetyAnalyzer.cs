using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;
using SafeMigrate.Analyzers.Rules.Compatibility;
using SafeMigrate.Analyzers.Rules.Data;
using SafeMigrate.Analyzers.Rules.Locking;
using SafeMigrate.Analyzers.Rules.RawSql;

namespace SafeMigrate.Analyzers
{
    /// <summary>
    /// The one analyzer of the package. It resolves FluentMigrator once per compilation (and registers nothing when
    /// it is not referenced), builds the model of each concrete migration class's Up() once, and hands it to every
    /// rule. One registration instead of one per rule: the compiler calls back once per class instead of once per rule.
    /// The Up() analyzed is the one that runs: declared in the class or inherited from a base class, with the virtual
    /// methods it calls on <c>this</c> resolved to the class's overrides (the template-method shape of large code
    /// bases: a base Up() calling <c>MainDbUpgrade()</c>). Down() is never analyzed: it only runs on a rollback, and
    /// undoing Up's additions is exactly what it is for.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MigrationSafetyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<MigrationRule> AllRules = ImmutableArray.Create<MigrationRule>(
            new DropColumnRule(),
            new DropTableRule(),
            new RenameColumnRule(),
            new RenameTableRule(),
            new NotNullColumnWithoutDefaultRule(),
            new AlterColumnRule(),
            new IgnoredIfDatabaseBranchRule(),
            new CreateIndexNotConcurrentlyRule(),
            new CreateIndexNotOnlineRule(),
            new DropIndexNotConcurrentlyRule(),
            new ValidatingForeignKeyRule(),
            new UniqueOrPrimaryKeyOnExistingTableRule(),
            new ConcurrentIndexInTransactionRule(),
            new VolatileDefaultRule(),
            new IdentityColumnOnExistingTableRule(),
            new UpdateAllRowsRule(),
            new SetExistingRowsToRule(),
            new ExecuteWithConnectionRule(),
            new RawSqlDropOrRenameRule(),
            new RawSqlAlterColumnRule(),
            new RawSqlBlockingIndexRule(),
            new RawSqlValidatingConstraintRule(),
            new RawSqlUnboundedDataChangeRule(),
            new RawSqlTableRewriteRule());

        private readonly ImmutableArray<MigrationRule> _rules;
        private readonly ImmutableArray<DiagnosticDescriptor> _descriptors;

        public MigrationSafetyAnalyzer()
            : this(AllRules)
        {
        }

        /// <summary>Runs only <paramref name="rules"/>: lets a test exercise one rule through the real dispatch.</summary>
        internal MigrationSafetyAnalyzer(ImmutableArray<MigrationRule> rules)
        {
            _rules = rules;
            var descriptors = ImmutableArray.CreateBuilder<DiagnosticDescriptor>(rules.Length);
            foreach (var rule in rules)
            {
                descriptors.Add(rule.Descriptor);
            }

            _descriptors = descriptors.MoveToImmutable();
        }

        internal static ImmutableArray<MigrationRule> Rules => AllRules;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _descriptors;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = FluentMigratorSymbols.TryCreate(start.Compilation);
                if (symbols is null)
                {
                    return;
                }

                var settings = AnalyzerSettings.Create(start.Compilation, start.Options);
                var helperBodies = new HelperBodies();
                start.RegisterSyntaxNodeAction(node => AnalyzeUpMethod(node, symbols, settings, helperBodies), SyntaxKind.MethodDeclaration);
                start.RegisterSyntaxNodeAction(node => AnalyzeClass(node, symbols, settings, helperBodies), SyntaxKind.ClassDeclaration);
            });
        }

        private void AnalyzeUpMethod(SyntaxNodeAnalysisContext context, FluentMigratorSymbols symbols, AnalyzerSettings settings, HelperBodies helperBodies)
        {
            // Syntax first: only a parameterless override named Up with a body can be MigrationBase.Up(); every other
            // method is skipped before the semantic model is asked anything.
            var declaration = (MethodDeclarationSyntax)context.Node;
            if (declaration.Identifier.ValueText != "Up"
                || declaration.ParameterList.Parameters.Count != 0
                || (declaration.Body is null && declaration.ExpressionBody is null)
                || !declaration.Modifiers.Any(SyntaxKind.OverrideKeyword))
            {
                return;
            }

            // An Up() of an abstract class runs only as part of its concrete subclasses: AnalyzeClass covers it for each.
            if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not IMethodSymbol method
                || !symbols.IsUpMethod(method)
                || method.ContainingType.IsAbstract)
            {
                return;
            }

            var body = context.SemanticModel.GetOperation(declaration, context.CancellationToken);
            if (body != null)
            {
                Analyze(context, symbols, settings, helperBodies, method.ContainingType, method, body, classLocation: null);
            }
        }

        /// <summary>
        /// A concrete migration that declares no Up() of its own runs the one it inherits (a template-method base class
        /// whose Up() calls virtual methods that the concrete migrations override). Classes that declare Up() are
        /// analyzed from that declaration by <see cref="AnalyzeUpMethod"/>, as before: binding order and cost unchanged.
        /// </summary>
        private void AnalyzeClass(SyntaxNodeAnalysisContext context, FluentMigratorSymbols symbols, AnalyzerSettings settings, HelperBodies helperBodies)
        {
            // Syntax first: a migration derives from something (a partial class may name its base in another part) and
            // is not abstract; every other class is skipped before the semantic model is asked anything.
            var declaration = (ClassDeclarationSyntax)context.Node;
            if ((declaration.BaseList is null && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                || declaration.Modifiers.Any(SyntaxKind.AbstractKeyword)
                || declaration.Modifiers.Any(SyntaxKind.StaticKeyword)
                || DeclaresUp(declaration))
            {
                return;
            }

            if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol type
                || type.IsAbstract
                || !symbols.IsMigrationType(type))
            {
                return;
            }

            var up = symbols.FindUpImplementation(type);
            if (up is null || SymbolEqualityComparer.Default.Equals(up.ContainingType, type) || !IsFirstDeclaration(declaration, type))
            {
                return;
            }

            var body = helperBodies.GetOrAdd(up, context.SemanticModel.Compilation);
            if (body != null)
            {
                Analyze(context, symbols, settings, helperBodies, type, up, body, declaration.Identifier.GetLocation());
            }
        }

        private void Analyze(SyntaxNodeAnalysisContext context, FluentMigratorSymbols symbols, AnalyzerSettings settings, HelperBodies helperBodies, INamedTypeSymbol type, IMethodSymbol up, IOperation body, Location? classLocation)
        {
            var model = MigrationModelBuilder.Build(symbols, helperBodies, type, up, body, classLocation, context.CancellationToken);
            if (model.Chains.Count == 0 && model.IfDatabaseCalls.Count == 0)
            {
                return;
            }

            var ruleContext = new MigrationRuleContext(model, settings, symbols, context.ReportDiagnostic);
            foreach (var rule in _rules)
            {
                rule.Analyze(ruleContext);
            }
        }

        /// <summary>This part of the class declares an Up() override: AnalyzeUpMethod handles the class.</summary>
        private static bool DeclaresUp(ClassDeclarationSyntax declaration)
        {
            foreach (var member in declaration.Members)
            {
                if (member is MethodDeclarationSyntax { ParameterList.Parameters.Count: 0 } method
                    && method.Identifier.ValueText == "Up"
                    && method.Modifiers.Any(SyntaxKind.OverrideKeyword))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A partial class is analyzed once, from its first part.</summary>
        private static bool IsFirstDeclaration(ClassDeclarationSyntax declaration, INamedTypeSymbol type)
        {
            var first = type.DeclaringSyntaxReferences.Length > 0 ? type.DeclaringSyntaxReferences[0] : null;
            return first != null && first.SyntaxTree == declaration.SyntaxTree && first.Span == declaration.Span;
        }
    }
}
