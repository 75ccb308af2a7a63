using System;
using System.Collections.Generic;
using SafeMigrate.Analyzers.Model;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Rules.RawSql
{
    /// <summary>What the raw SQL earlier in the same migration did, in order: constraints added NOT VALID and constraints validated.</summary>
    internal sealed class RawSqlHistory
    {
        private readonly List<(string Table, int ChainOrder)> _notValid = new List<(string Table, int ChainOrder)>();
        private readonly List<string> _validated = new List<string>();

        public void Record(FluentChain chain, SqlStatement statement)
        {
            if (statement.NotValidConstraintTable != null)
            {
                _notValid.Add((statement.NotValidConstraintTable, chain.Order));
            }

            if (statement.ValidatedConstraintTable != null)
            {
                _validated.Add(statement.ValidatedConstraintTable);
            }
        }

        /// <summary>An earlier statement validated a constraint of <paramref name="table"/>.</summary>
        public bool HasValidatedConstraintOn(string? table)
        {
            foreach (var validated in _validated)
            {
                if (string.Equals(validated, table, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An earlier statement added a NOT VALID constraint to <paramref name="table"/> in the same transaction: the
        /// same Execute.Sql text (one implicit transaction), or anywhere in a migration that runs in a transaction.
        /// </summary>
        public bool AddedNotValidConstraintInSameTransaction(string? table, FluentChain chain, bool migrationRunsInTransaction)
        {
            foreach (var (notValidTable, chainOrder) in _notValid)
            {
                if (string.Equals(notValidTable, table, StringComparison.OrdinalIgnoreCase) && (migrationRunsInTransaction || chainOrder == chain.Order))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
