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
    /// it is not referenced), builds the model of each migration's Up() once, and hands it to every rule. One
    /// registration instead of one per rule: the compiler calls back once per method instead of once per rule, and
    /// only for methods that look like an Up() override. Down() is never analyzed: it only runs on a rollback, and
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
                start.RegisterSyntaxNodeAction(node => AnalyzeMethod(node, symbols, settings, helperBodies), SyntaxKind.MethodDeclaration);
            });
        }

        private void AnalyzeMethod(SyntaxNodeAnalysisContext context, FluentMigratorSymbols symbols, AnalyzerSettings settings, HelperBodies helperBodies)
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

            if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not IMethodSymbol method || !symbols.IsUpMethod(method))
            {
                return;
            }

            var body = context.SemanticModel.GetOperation(declaration, context.CancellationToken);
            if (body is null)
            {
                return;
            }

            var model = MigrationModelBuilder.Build(symbols, helperBodies, method, body, context.CancellationToken);
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
    }
}
