using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Model
{
    /// <summary>What a migration's Up() does, in order: its FluentMigrator chains and how it runs.</summary>
    internal sealed class MigrationModel
    {
        public MigrationModel(INamedTypeSymbol migrationType, IReadOnlyList<FluentChain> chains, IReadOnlyList<IfDatabaseCall> ifDatabaseCalls, bool runsWithoutTransaction, AttributeData? migrationAttribute)
        {
            MigrationType = migrationType;
            Chains = chains;
            IfDatabaseCalls = ifDatabaseCalls;
            RunsWithoutTransaction = runsWithoutTransaction;
            MigrationAttribute = migrationAttribute;
        }

        private List<(int Order, string Table, string? Schema)>? _createdTables;

        public INamedTypeSymbol MigrationType { get; }

        public IReadOnlyList<FluentChain> Chains { get; }

        /// <summary>Every IfDatabase(..) call, whatever hangs off it.</summary>
        public IReadOnlyList<IfDatabaseCall> IfDatabaseCalls { get; }

        /// <summary>[Migration(v, TransactionBehavior.None)]: FluentMigrator does not wrap this migration in a transaction.</summary>
        public bool RunsWithoutTransaction { get; }

        public AttributeData? MigrationAttribute { get; }

        /// <summary>
        /// True when <paramref name="table"/> is created by this migration before <paramref name="order"/>
        /// (Create.Table, CREATE TABLE in raw SQL, or a rename of such a table): it has no rows and no running
        /// reader yet, so changing it cannot break or block anything.
        /// </summary>
        public bool IsCreatedBefore(string? table, string? schema, int order)
        {
            if (table is null)
            {
                return false;
            }

            foreach (var created in CreatedTables)
            {
                if (created.Order < order
                    && string.Equals(created.Table, table, StringComparison.OrdinalIgnoreCase)
                    && (created.Schema is null || schema is null || string.Equals(created.Schema, schema, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The tables this migration creates, with the position of the chain that creates them; computed once, asked by every rule.</summary>
        private List<(int Order, string Table, string? Schema)> CreatedTables => _createdTables ??= FindCreatedTables();

        private List<(int Order, string Table, string? Schema)> FindCreatedTables()
        {
            var created = new List<(int Order, string Table, string? Schema)>();
            foreach (var chain in Chains)
            {
                if (chain.Kind == "Create.Table" && chain.Table != null)
                {
                    created.Add((chain.Order, chain.Table, chain.Schema));
                }
                else if (chain.Kind == "Rename.Table" && chain.Table != null && IsIn(created, chain.Table, chain.Schema))
                {
                    var to = chain.Find("To");
                    var newName = to is null || to.Arguments.Length == 0 ? null : chain.Environment.EvaluateString(to.Arguments[0].Value);
                    if (newName != null)
                    {
                        created.Add((chain.Order, newName, chain.Schema));
                    }
                }
                else if (chain.Kind == "Execute.Sql")
                {
                    foreach (var statement in chain.SqlStatements)
                    {
                        if (statement.CreatedTable != null)
                        {
                            created.Add((chain.Order, statement.CreatedTable, null));
                        }
                    }
                }
            }

            return created;
        }

        private static bool IsIn(List<(int Order, string Table, string? Schema)> created, string table, string? schema)
        {
            foreach (var item in created)
            {
                if (string.Equals(item.Table, table, StringComparison.OrdinalIgnoreCase)
                    && (item.Schema is null || schema is null || string.Equals(item.Schema, schema, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
