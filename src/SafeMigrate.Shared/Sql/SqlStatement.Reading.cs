using System.Collections.Generic;

namespace SafeMigrate.Sql
{
    /// <summary>The facts the runner acts on: kind, phase, whether the server refuses a transaction, the tables worked through.</summary>
    internal sealed partial class SqlStatement
    {
        private static readonly HashSet<string> ObjectWords = new HashSet<string>
        {
            "TABLE", "INDEX", "VIEW", "FUNCTION", "PROCEDURE", "PROC", "TRIGGER", "SCHEMA", "SEQUENCE", "EXTENSION", "TYPE",
            "DATABASE", "SYNONYM", "DOMAIN", "ROLE", "USER", "POLICY", "PUBLICATION", "SUBSCRIPTION", "TABLESPACE", "STATISTICS",
            "COLLATION", "AGGREGATE", "OPERATOR", "RULE", "SERVER", "LOGIN", "CONSTRAINT", "DEFAULT", "EVENT", "FULLTEXT",
        };

        private List<SqlTableTouch>? _tables;

        /// <summary>
        /// The statement's verb and, for CREATE/ALTER/DROP, the kind of object, modifiers left out: "CREATE INDEX",
        /// "CREATE VIEW" (also for CREATE OR REPLACE VIEW), "ALTER TABLE", "UPDATE". Empty for an empty statement.
        /// </summary>
        public string Kind
        {
            get
            {
                var verb = At(0).Upper;
                if (verb == "CREATE" || verb == "ALTER" || verb == "DROP")
                {
                    for (var i = 1; i <= 4 && i < _tokens.Count; i++)
                    {
                        if (At(i).Is("MATERIALIZED") && At(i + 1).Is("VIEW"))
                        {
                            return verb + " MATERIALIZED VIEW";
                        }

                        if (At(i).Kind == SqlTokenKind.Word && ObjectWords.Contains(At(i).Upper))
                        {
                            return verb + " " + (At(i).Upper == "PROC" ? "PROCEDURE" : At(i).Upper);
                        }
                    }
                }

                return At(0).Kind == SqlTokenKind.Word ? verb : string.Empty;
            }
        }

        /// <summary>
        /// Expand for additions the old version cannot notice, contract for removals of what it may use, judged on the
        /// first words only (what follows them is not inspected):
        /// CREATE [UNIQUE] INDEX CONCURRENTLY, CREATE EXTENSION IF NOT EXISTS, CREATE [OR REPLACE] FUNCTION/VIEW/PROCEDURE,
        /// CREATE TABLE/SCHEMA/SEQUENCE, COMMENT ON, INSERT INTO: expand; DROP INDEX CONCURRENTLY, DROP VIEW/FUNCTION/PROCEDURE:
        /// contract. A plain CREATE INDEX blocks writes for the whole build, so it is not placed anywhere.
        /// </summary>
        public SqlPhase Phase
        {
            get
            {
                if (StartsWith("CREATE", "INDEX", "CONCURRENTLY") || StartsWith("CREATE", "UNIQUE", "INDEX", "CONCURRENTLY")
                    || StartsWith("CREATE", "EXTENSION", "IF", "NOT", "EXISTS")
                    || StartsWith("CREATE", "FUNCTION") || StartsWith("CREATE", "VIEW") || StartsWith("CREATE", "PROCEDURE")
                    || StartsWith("CREATE", "OR", "REPLACE", "FUNCTION") || StartsWith("CREATE", "OR", "REPLACE", "VIEW") || StartsWith("CREATE", "OR", "REPLACE", "PROCEDURE")
                    || StartsWith("CREATE", "TABLE") || StartsWith("CREATE", "SCHEMA") || StartsWith("CREATE", "SEQUENCE")
                    || StartsWith("COMMENT", "ON") || StartsWith("INSERT", "INTO"))
                {
                    return SqlPhase.Expand;
                }

                if (StartsWith("DROP", "INDEX", "CONCURRENTLY") || StartsWith("DROP", "VIEW") || StartsWith("DROP", "FUNCTION") || StartsWith("DROP", "PROCEDURE"))
                {
                    return SqlPhase.Contract;
                }

                return SqlPhase.Unknown;
            }
        }

        /// <summary>
        /// The phase on <paramref name="flavor"/>'s server: <see cref="Phase"/>; on PostgreSQL also contract for a plain
        /// <c>DROP INDEX</c> of <see cref="PlainDroppedIndexes"/>, which the runner drops CONCURRENTLY instead; and expand
        /// for a data change (<see cref="ReadDataChange"/>) that is bounded by its WHERE or that the runner runs in
        /// batches (a plain DELETE FROM t of every row included). Another whole-table DELETE, or a whole-table UPDATE that cannot be split, has none (on a table of its own
        /// release the runner still runs it as written).
        /// </summary>
        public SqlPhase PhaseFor(SqlFlavor flavor)
        {
            if (flavor == SqlFlavor.Postgres && PlainDroppedIndexes != null)
            {
                return SqlPhase.Contract;
            }

            if (ReadDataChange(flavor) is { } change)
            {
                return change.Bounded || change.SetClause != null || change.PlainDeleteOfEveryRow ? SqlPhase.Expand : SqlPhase.Unknown;
            }

            return Phase;
        }

        /// <summary>
        /// PostgreSQL's plain <c>DROP INDEX [IF EXISTS] name [, ...] [RESTRICT]</c>: each index's name as written (quoted
        /// where it was), or null for any other statement. Plain, it takes ACCESS EXCLUSIVE on the table until every
        /// query on it has finished; <c>DROP INDEX CONCURRENTLY</c> does not block them, but takes one index, no CASCADE,
        /// and no transaction, so it is left to statements that fit those limits. The T-SQL form (<c>ON table</c>) is none.
        /// </summary>
        public IReadOnlyList<string>? PlainDroppedIndexes
        {
            get
            {
                if (!StartsWith("DROP", "INDEX") || At(2).Is("CONCURRENTLY"))
                {
                    return null;
                }

                var i = 2;
                if (At(i).Is("IF") && At(i + 1).Is("EXISTS")) i += 2;
                var names = new List<string>();
                while (true)
                {
                    var name = ReadNameAsWritten(ref i);
                    if (name == null)
                    {
                        return null;
                    }

                    names.Add(name);
                    if (At(i).Kind == SqlTokenKind.Symbol && At(i).Text == ",")
                    {
                        i++;
                        continue;
                    }

                    break;
                }

                if (At(i).Is("RESTRICT")) i++;
                return i == _tokens.Count ? names : null;
            }
        }

        /// <summary>A possibly qualified name as SQL: unquoted parts as written (the server folds them), quoted ones quoted again.</summary>
        private string? ReadNameAsWritten(ref int i)
        {
            var parts = new List<string>();
            while (At(i).IsIdentifier && !(At(i).Kind == SqlTokenKind.Word && (At(i).Is("CASCADE") || At(i).Is("RESTRICT") || At(i).Is("ON"))))
            {
                parts.Add(At(i).Kind == SqlTokenKind.QuotedIdentifier ? "\"" + At(i).Text.Replace("\"", "\"\"") + "\"" : At(i).Text);
                i++;
                if (At(i).Kind == SqlTokenKind.Symbol && At(i).Text == ".")
                {
                    i++;
                    continue;
                }

                break;
            }

            return parts.Count == 0 ? null : string.Join(".", parts);
        }

        /// <summary>The server refuses this statement inside a transaction block: it must run alone, outside one.</summary>
        public bool RunsOutsideTransaction(SqlFlavor flavor) => TransactionRefusal(flavor) != null;

        /// <summary>
        /// Why the server refuses this statement inside a transaction ("CREATE INDEX CONCURRENTLY", "VACUUM"), or null.
        /// PostgreSQL (error 25001, "cannot run inside a transaction block"): CREATE/DROP INDEX CONCURRENTLY, REINDEX
        /// CONCURRENTLY (12+) and REINDEX SCHEMA/DATABASE/SYSTEM, ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY (14+),
        /// VACUUM, CLUSTER of every table, CREATE/DROP DATABASE, ALTER DATABASE ... SET TABLESPACE, CREATE/DROP TABLESPACE,
        /// ALTER SYSTEM, CREATE/DROP SUBSCRIPTION (with their default replication slot), DISCARD ALL, COMMIT/ROLLBACK PREPARED.
        /// REFRESH MATERIALIZED VIEW CONCURRENTLY and ALTER TYPE ... ADD VALUE (12+) run in a transaction.
        /// SQL Server (the statements "not allowed in an explicit transaction", and resumable operations, error 10637):
        /// WITH (RESUMABLE = ON), CREATE/ALTER/DROP DATABASE, CREATE/ALTER/DROP FULLTEXT CATALOG and INDEX, BACKUP, RESTORE,
        /// RECONFIGURE.
        /// </summary>
        public string? TransactionRefusal(SqlFlavor flavor) => flavor == SqlFlavor.Postgres ? PostgresTransactionRefusal() : SqlServerTransactionRefusal();

        /// <summary>
        /// The tables this statement scans, indexes or rewrites as a whole: validations and SET NOT NULL (scan), index builds,
        /// UPDATE/DELETE/MERGE, type changes, VACUUM FULL and CLUSTER (rewrite). Reads done to fill another table
        /// (INSERT ... SELECT, CREATE TABLE ... AS) are not listed.
        /// </summary>
        public IReadOnlyList<SqlTableTouch> Tables => _tables ??= ReadTables();

        private string? PostgresTransactionRefusal()
        {
            var kind = Kind;
            if ((kind == "CREATE INDEX" || kind == "DROP INDEX") && At(IndexOf("INDEX") + 1).Is("CONCURRENTLY"))
            {
                return kind + " CONCURRENTLY";
            }

            if (StartsWith("REINDEX"))
            {
                if (IndexOf("CONCURRENTLY") >= 0)
                {
                    return "REINDEX CONCURRENTLY";
                }

                var target = At(ObjectAfterOptions(1)).Upper;
                return target == "SCHEMA" || target == "DATABASE" || target == "SYSTEM" ? "REINDEX " + target : null;
            }

            if (StartsWith("ALTER", "TABLE"))
            {
                var detach = IndexOfSequence(2, "DETACH", "PARTITION");
                return detach >= 0 && IndexOf("CONCURRENTLY", detach) >= 0 ? "DETACH PARTITION ... CONCURRENTLY" : null;
            }

            if (StartsWith("VACUUM"))
            {
                return "VACUUM";
            }

            if (StartsWith("CLUSTER") && !At(ObjectAfterOptions(1)).IsIdentifier)
            {
                return "CLUSTER of every table";
            }

            if (kind == "CREATE DATABASE" || kind == "DROP DATABASE" || kind == "CREATE TABLESPACE" || kind == "DROP TABLESPACE"
                || kind == "CREATE SUBSCRIPTION" || kind == "DROP SUBSCRIPTION")
            {
                return kind;
            }

            if (kind == "ALTER DATABASE" && IndexOfSequence(2, "SET", "TABLESPACE") >= 0)
            {
                return "ALTER DATABASE ... SET TABLESPACE";
            }

            if (StartsWith("ALTER", "SYSTEM") || StartsWith("DISCARD", "ALL") || StartsWith("COMMIT", "PREPARED") || StartsWith("ROLLBACK", "PREPARED"))
            {
                return At(0).Upper + " " + At(1).Upper;
            }

            return null;
        }

        private string? SqlServerTransactionRefusal()
        {
            if (HasSequence(0, _tokens.Count, "RESUMABLE", "=", "ON"))
            {
                return "RESUMABLE = ON";
            }

            var kind = Kind;
            if (kind == "CREATE DATABASE" || kind == "ALTER DATABASE" || kind == "DROP DATABASE")
            {
                return kind;
            }

            if ((At(0).Is("CREATE") || At(0).Is("ALTER") || At(0).Is("DROP")) && At(1).Is("FULLTEXT"))
            {
                return At(0).Upper + " FULLTEXT " + At(2).Upper;
            }

            return At(0).Is("BACKUP") || At(0).Is("RESTORE") || At(0).Is("RECONFIGURE") ? At(0).Upper : null;
        }

        private List<SqlTableTouch> ReadTables()
        {
            var tables = new List<SqlTableTouch>();
            var kind = Kind;
            if (kind == "CREATE INDEX")
            {
                // CREATE [UNIQUE] [CLUSTERED | NONCLUSTERED] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table.
                var on = IndexOf("ON", IndexOf("INDEX"));
                if (on >= 0)
                {
                    var i = on + 1;
                    if (At(i).Is("ONLY")) i++;
                    Add(tables, ref i, SqlTableWork.IndexBuild);
                }
            }
            else if (StartsWith("REINDEX"))
            {
                // REINDEX [(options)] TABLE [CONCURRENTLY] name; REINDEX INDEX names no table.
                var i = ObjectAfterOptions(1);
                if (At(i).Is("TABLE"))
                {
                    i++;
                    if (At(i).Is("CONCURRENTLY")) i++;
                    Add(tables, ref i, SqlTableWork.IndexBuild);
                }
            }
            else if (kind == "ALTER INDEX")
            {
                // T-SQL: ALTER INDEX { name | ALL } ON table REBUILD rebuilds from the table (REORGANIZE works in place, online).
                var on = IndexOf("ON");
                if (on >= 0 && IndexOf("REBUILD", on) >= 0)
                {
                    var i = on + 1;
                    Add(tables, ref i, SqlTableWork.IndexBuild);
                }
            }
            else if (kind == "ALTER TABLE")
            {
                ReadAlterTableTables(tables);
            }
            else if (StartsWith("UPDATE") || StartsWith("DELETE") || StartsWith("MERGE"))
            {
                var i = 1;
                if (At(i).Is("TOP"))
                {
                    // T-SQL: UPDATE TOP (n) / DELETE TOP (n).
                    i = SkipParentheses(i + 1);
                }

                if (At(i).Is("FROM") || At(i).Is("INTO")) i++;
                if (At(i).Is("ONLY")) i++;
                Add(tables, ref i, SqlTableWork.Rewrite);
            }
            else if (StartsWith("VACUUM"))
            {
                // VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] | VACUUM (options) tables: FULL writes a new copy of each table.
                var full = IndexOf("FULL", 0, 6) >= 0;
                var i = 1;
                if (At(i).Kind == SqlTokenKind.Symbol && At(i).Text == "(")
                {
                    i = SkipParentheses(i);
                }

                while (At(i).Is("FULL") || At(i).Is("FREEZE") || At(i).Is("VERBOSE") || At(i).Is("ANALYZE") || At(i).Is("ANALYSE")) i++;
                while (At(i).IsIdentifier)
                {
                    Add(tables, ref i, full ? SqlTableWork.Rewrite : SqlTableWork.Scan);
                    i = SkipParentheses(i);
                    if (!(At(i).Kind == SqlTokenKind.Symbol && At(i).Text == ",")) break;
                    i++;
                }
            }
            else if (StartsWith("CLUSTER"))
            {
                var i = ObjectAfterOptions(1);
                if (At(i).IsIdentifier)
                {
                    Add(tables, ref i, SqlTableWork.Rewrite);
                }
            }

            return tables;
        }

        private void ReadAlterTableTables(List<SqlTableTouch> tables)
        {
            var i = 2;
            if (At(i).Is("IF") && At(i + 1).Is("EXISTS")) i += 2;
            if (At(i).Is("ONLY")) i++;
            var (schema, table) = ReadQualifiedName(ref i);
            if (table == null)
            {
                return;
            }

            var notValid = HasSequence(i, _tokens.Count, "NOT", "VALID") || HasSequence(i, _tokens.Count, "WITH", "NOCHECK");
            if (At(i).Is("WITH") && At(i + 1).Is("CHECK") && At(i + 2).Is("CHECK") && At(i + 3).Is("CONSTRAINT"))
            {
                // T-SQL: re-validating existing rows makes the constraint trusted again.
                tables.Add(new SqlTableTouch(schema, table, SqlTableWork.Scan));
                return;
            }

            if (At(i).Is("WITH") && (At(i + 1).Is("CHECK") || At(i + 1).Is("NOCHECK"))) i += 2;
            SqlTableWork? work = null;
            foreach (var (start, end) in SplitActions(i))
            {
                var action = ActionWork(start, end, notValid);
                if (action == SqlTableWork.Rewrite || (action == SqlTableWork.IndexBuild && work != SqlTableWork.Rewrite) || (action == SqlTableWork.Scan && work == null))
                {
                    work = action;
                }
            }

            if (work != null)
            {
                tables.Add(new SqlTableTouch(schema, table, work.Value));
            }
        }

        /// <summary>One ALTER TABLE action: the heaviest work it does to the whole table, if any.</summary>
        private SqlTableWork? ActionWork(int start, int end, bool notValid)
        {
            if (At(start).Is("VALIDATE") && At(start + 1).Is("CONSTRAINT"))
            {
                return SqlTableWork.Scan;
            }

            if (At(start).Is("ADD"))
            {
                var i = start + 1;
                if (At(i).Is("CONSTRAINT")) i += 2;
                if (At(i).Is("FOREIGN") || At(i).Is("CHECK"))
                {
                    return notValid ? (SqlTableWork?)null : SqlTableWork.Scan;
                }

                if (At(i).Is("UNIQUE") || At(i).Is("PRIMARY"))
                {
                    return HasSequence(start, end, "USING", "INDEX") ? (SqlTableWork?)null : SqlTableWork.IndexBuild;
                }

                return null;
            }

            if (At(start).Is("ALTER"))
            {
                var i = start + 1;
                if (At(i).Is("COLUMN")) i++;
                i++;
                if (At(i).Is("TYPE") || (At(i).Is("SET") && At(i + 1).Is("DATA") && At(i + 2).Is("TYPE")))
                {
                    // PostgreSQL rewrites the table and its indexes unless the change is binary-coercible; counted as a rewrite.
                    return SqlTableWork.Rewrite;
                }

                if (At(i).Is("SET") && At(i + 1).Is("NOT") && At(i + 2).Is("NULL"))
                {
                    // Scans unless a validated CHECK (c IS NOT NULL) proves it (PostgreSQL 12+); counted as a scan.
                    return SqlTableWork.Scan;
                }
            }

            return null;
        }

        private void Add(List<SqlTableTouch> tables, ref int i, SqlTableWork work)
        {
            var (schema, table) = ReadQualifiedName(ref i);
            if (table != null)
            {
                tables.Add(new SqlTableTouch(schema, table, work));
            }
        }

        /// <summary>Reads name, schema.name or database.schema.name; returns the last two parts.</summary>
        private (string? Schema, string? Name) ReadQualifiedName(ref int i)
        {
            string? schema = null;
            string? name = null;
            while (At(i).IsIdentifier)
            {
                schema = name;
                name = At(i).Text;
                i++;
                if (At(i).Kind == SqlTokenKind.Symbol && At(i).Text == ".")
                {
                    i++;
                    continue;
                }

                break;
            }

            return (schema, name);
        }

        /// <summary>The index after an optional parenthesised option list at <paramref name="i"/> (REINDEX (VERBOSE) ...).</summary>
        private int ObjectAfterOptions(int i)
        {
            i = SkipParentheses(i);
            while (At(i).Is("VERBOSE")) i++;
            return i;
        }

        /// <summary>The index after the parenthesised group opening at <paramref name="i"/>, or <paramref name="i"/> when none opens there.</summary>
        private int SkipParentheses(int i)
        {
            if (!(At(i).Kind == SqlTokenKind.Symbol && At(i).Text == "("))
            {
                return i;
            }

            var depth = 0;
            for (; i < _tokens.Count; i++)
            {
                if (_tokens[i].Kind != SqlTokenKind.Symbol) continue;
                if (_tokens[i].Text == "(") depth++;
                else if (_tokens[i].Text == ")" && --depth == 0) return i + 1;
            }

            return i;
        }

        private int IndexOfSequence(int from, params string[] words)
        {
            for (var i = from; i < _tokens.Count; i++)
            {
                var match = true;
                for (var j = 0; j < words.Length && match; j++)
                {
                    match = At(i + j).Is(words[j]);
                }

                if (match)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
