using SafeMigrate.Rules;
using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Analyzers.Model;

namespace SafeMigrate.Analyzers.Rules.Locking
{
    /// <summary>
    /// A column added to an existing table with a volatile default (gen_random_uuid(), NEWID(), clock_timestamp())
    /// rewrites every row under ACCESS EXCLUSIVE (PostgreSQL) or Sch-M (SQL Server). Constant and STABLE defaults
    /// such as now() are catalog-only on PostgreSQL 11+, so SystemMethods.CurrentDateTime is not reported.
    /// </summary>
    internal sealed class VolatileDefaultRule : MigrationRule
    {
        private static readonly string[] VolatileFunctions =
        {
            "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v4", "random(", "clock_timestamp", "timeofday", "newid", "newsequentialid", "nextval",
        };

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.VolatileDefault,
            title: "Do not add a column with a volatile default to an existing table",
            messageFormat: "Column '{0}' is added to '{1}' with the volatile default {2}, which rewrites every row under an exclusive lock: {3}",
            RuleCategories.Locking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A volatile default must be computed per row, so adding the column rewrites the whole table while holding an exclusive lock.",
            helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.VolatileDefault));

        public override DiagnosticDescriptor Descriptor => Rule;

        public override void Analyze(MigrationRuleContext context)
        {
            foreach (var chain in context.Model.Chains)
            {
                if (!ChainQueries.ChangesExistingTableColumns(chain) || !context.AppliesTo(chain, ProviderScope.Both) || context.IsNewTable(chain))
                {
                    continue;
                }

                foreach (var column in chain.Columns)
                {
                    if (!ChainQueries.IsAddedColumn(column))
                    {
                        continue;
                    }

                    var volatileDefault = FindVolatileDefault(column, chain, context.Symbols);
                    if (volatileDefault is null)
                    {
                        continue;
                    }

                    context.Report(
                        Rule,
                        chain.HelperCallSite ?? SyntaxLocations.MethodName(volatileDefault.Value.Call),
                        recipe: "add the column without a default, set the default afterwards, and backfill existing rows in batches",
                        runnerSplit: "the SafeMigrate runner adds the column without the default, sets the default, and backfills existing rows in batches",
                        properties: null,
                        column.Name ?? "?",
                        chain.Table ?? "?",
                        volatileDefault.Value.Text);
                }
            }
        }

        private static (IInvocationOperation Call, string Text)? FindVolatileDefault(ColumnSegment column, FluentChain chain, FluentMigratorSymbols symbols)
        {
            foreach (var call in column.Calls)
            {
                if ((call.TargetMethod.Name != "WithDefault" && call.TargetMethod.Name != "WithDefaultValue") || call.Arguments.Length == 0)
                {
                    continue;
                }

                var value = ValueEnvironment.Strip(call.Arguments[call.Arguments.Length - 1].Value);
                if (value is IFieldReferenceOperation field && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, symbols.SystemMethods)
                    && (field.Field.Name == "NewGuid" || field.Field.Name == "NewSequentialId"))
                {
                    return (call, "SystemMethods." + field.Field.Name);
                }

                // WithDefaultValue(RawSql.Insert("gen_random_uuid()")) inserts the text as SQL.
                if (value is IInvocationOperation rawSql && SymbolEqualityComparer.Default.Equals(rawSql.TargetMethod.ContainingType, symbols.RawSql) && rawSql.Arguments.Length > 0)
                {
                    var text = chain.Environment.EvaluateString(rawSql.Arguments[0].Value);
                    if (text != null)
                    {
                        foreach (var function in VolatileFunctions)
                        {
                            if (text.IndexOf(function, StringComparison.OrdinalIgnoreCase) >= 0)
                            {
                                return (call, text);
                            }
                        }
                    }
                }
            }

            return null;
        }
    }
}
