using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Operations;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Model
{
    internal static class ChainQueries
    {
        /// <summary>AsConcurrently() / Online() take an optional bool: AsConcurrently(false) turns the option off again.</summary>
        public static bool IsSwitchedOn(IInvocationOperation call)
        {
            for (var i = 1; i < call.Arguments.Length; i++)
            {
                var value = call.Arguments[i].Value.ConstantValue;
                if (value.HasValue && value.Value is bool b)
                {
                    return b;
                }
            }

            return true;
        }

        /// <summary>PostgresExtensions.AsConcurrently(), switched on, in the chain.</summary>
        public static IInvocationOperation? FindConcurrently(FluentChain chain, FluentMigratorSymbols symbols)
        {
            IInvocationOperation? found = null;
            foreach (var call in chain.Calls)
            {
                if (call.TargetMethod.Name == "AsConcurrently" && symbols.IsPostgresExtension(call.TargetMethod))
                {
                    found = IsSwitchedOn(call) ? call : null;
                }
            }

            return found;
        }

        /// <summary>SqlServerExtensions.Online(), switched on, in the chain.</summary>
        public static bool HasOnline(IEnumerable<IInvocationOperation> calls, FluentMigratorSymbols symbols)
        {
            var online = false;
            foreach (var call in calls)
            {
                if (call.TargetMethod.Name == "Online" && symbols.IsSqlServerExtension(call.TargetMethod))
                {
                    online = IsSwitchedOn(call);
                }
            }

            return online;
        }

        /// <summary>Chains that add or alter columns of a table: Alter.Table(..), Create.Column(..), Alter.Column(..).</summary>
        public static bool ChangesExistingTableColumns(FluentChain chain)
        {
            return chain.Kind == "Alter.Table" || chain.Kind == "Create.Column" || chain.Kind == "Alter.Column";
        }

        /// <summary>A column the migration adds to a table (not one it alters).</summary>
        public static bool IsAddedColumn(ColumnSegment segment)
        {
            return segment.Action == "AddColumn" || (segment.Action == "Column" && segment.Start.TargetMethod.ContainingType?.Name == "ICreateExpressionRoot");
        }

        /// <summary>Diagnostic property keys for the hidden-index code fix.</summary>
        public const string HiddenIndexProperty = "HiddenIndex";
        public const string TableProperty = "Table";
        public const string SchemaProperty = "Schema";
        public const string ColumnProperty = "Column";
        public const string IndexNameProperty = "IndexName";

        /// <summary>
        /// What a code fix needs to move the index of <c>.Indexed()</c> / <c>.Unique()</c> into its own Create.Index:
        /// the call's name, the table, schema and column, and the index name, all known at compile time; null when any
        /// is not, or when the chain is not one expression written in the migration itself.
        /// </summary>
        public static ImmutableDictionary<string, string?>? HiddenIndexProperties(FluentChain chain, ColumnSegment column, IInvocationOperation hidden)
        {
            if (chain.HelperCallSite != null || !chain.IsSingleExpression || chain.Table is null || column.Name is null)
            {
                return null;
            }

            string? indexName = null;
            foreach (var argument in hidden.Arguments)
            {
                if (argument.Parameter?.Type.SpecialType != Microsoft.CodeAnalysis.SpecialType.System_String || argument.IsImplicit)
                {
                    continue;
                }

                indexName = chain.Environment.EvaluateString(argument.Value);
                if (indexName is null)
                {
                    return null;
                }
            }

            return ImmutableDictionary<string, string?>.Empty
                .Add(HiddenIndexProperty, hidden.TargetMethod.Name)
                .Add(TableProperty, chain.Table)
                .Add(SchemaProperty, chain.Schema)
                .Add(ColumnProperty, column.Name)
                .Add(IndexNameProperty, indexName ?? "IX_" + chain.Table + "_" + column.Name);
        }
    }
}
