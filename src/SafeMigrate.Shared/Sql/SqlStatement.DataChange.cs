using System;

namespace SafeMigrate.Sql
{
    /// <summary>UPDATE and DELETE of one table: bounded or not, and whether a whole-table UPDATE can be split into batches.</summary>
    internal sealed partial class SqlStatement
    {
        /// <summary>
        /// The statement as a data change of one table, or null when it is none (a CTE in front, <c>UPDATE TOP</c>, a
        /// name that cannot be read). A whole-table UPDATE can run in batches of keys only when each batch gives what the
        /// one statement gives: the SET list is kept as written and run once per batch, so it must not depend on other
        /// rows of the table (a subquery reading the table would see rows of earlier batches already updated), and the
        /// statement must not join (FROM), alias its table, or return rows.
        /// </summary>
        public SqlDataChange? ReadDataChange(SqlFlavor flavor)
        {
            SqlDataChangeKind kind;
            var i = 1;
            if (StartsWith("UPDATE"))
            {
                kind = SqlDataChangeKind.Update;
            }
            else if (StartsWith("DELETE"))
            {
                kind = SqlDataChangeKind.Delete;
                if (At(i).Is("FROM")) i++;
            }
            else
            {
                return null;
            }

            if (At(i).Is("TOP"))
            {
                return null;
            }

            if (At(i).Is("ONLY")) i++;
            var (schema, table) = ReadQualifiedName(ref i);
            if (table == null)
            {
                return null;
            }

            if (flavor == SqlFlavor.Postgres)
            {
                schema = schema == null ? null : Fold(i - 3, schema);
                table = Fold(i - 1, table);
            }

            var bounded = IndexOfTopLevel("WHERE") >= 0;
            if (bounded || kind == SqlDataChangeKind.Delete)
            {
                return new SqlDataChange(kind, schema, table, bounded, null, null, plainDeleteOfEveryRow: !bounded && i >= _tokens.Count);
            }

            var notBatchable = NotBatchableReason(i, table, out var setClause);
            return new SqlDataChange(kind, schema, table, bounded: false, notBatchable == null ? setClause : null, notBatchable);
        }

        /// <summary>Why the whole-table UPDATE whose table name ends before token <paramref name="afterName"/> cannot run in batches.</summary>
        private string? NotBatchableReason(int afterName, string table, out string setClause)
        {
            setClause = string.Empty;
            if (!At(afterName).Is("SET"))
            {
                return "it names its table by an alias";
            }

            foreach (var word in new[] { "FROM", "RETURNING", "OUTPUT", "OPTION" })
            {
                if (IndexOfTopLevel(word) >= 0)
                {
                    return word == "FROM" ? "it joins other tables (FROM)" : $"it has {word}";
                }
            }

            // A subquery may read other tables, and the row being updated (a correlated reference): only one that reads
            // the table itself (FROM or JOIN it) depends on rows of other batches.
            for (var k = afterName; k < _tokens.Count; k++)
            {
                if (!(At(k).Is("FROM") || At(k).Is("JOIN")))
                {
                    continue;
                }

                var j = k + 1;
                if (At(j).Is("ONLY")) j++;
                var (_, read) = ReadQualifiedName(ref j);
                if (read != null && string.Equals(read, table, StringComparison.OrdinalIgnoreCase))
                {
                    return "its SET reads the table it updates (each batch would see the rows of earlier batches already updated)";
                }
            }

            setClause = SourceText(afterName + 1, _tokens.Count);
            return setClause.Length == 0 ? "its SET list is empty" : null;
        }

        /// <summary>PostgreSQL folds an unquoted name to lower case; a quoted one is kept as written.</summary>
        private string Fold(int token, string name) =>
            At(token).Kind == SqlTokenKind.QuotedIdentifier ? name : name.ToLowerInvariant();
    }
}
