using System;
using System.Collections.Generic;

namespace SafeMigrate.Sql
{
    /// <summary>
    /// One statement of raw SQL and its hazards (the analyzer's SM4xxx findings); its phase, transaction needs and the tables
    /// it works through are in SqlStatement.Reading.cs. Unknown statements yield no finding: only shapes
    /// known to break the running version or to lock for long are reported.
    /// </summary>
    internal sealed partial class SqlStatement
    {
        private static readonly string[] VolatileFunctions =
        {
            "GEN_RANDOM_UUID", "UUID_GENERATE_V4", "UUID_GENERATE_V1", "RANDOM", "CLOCK_TIMESTAMP", "TIMEOFDAY", "NEWID", "NEWSEQUENTIALID", "NEXTVAL",
        };

        private readonly IReadOnlyList<SqlToken> _tokens;
        private List<SqlFinding>? _findings;

        private readonly string _source;

        /// <param name="tokens">The statement's tokens.</param>
        /// <param name="source">The text they were scanned from (their <see cref="SqlToken.Start"/> and <see cref="SqlToken.End"/> point into it).</param>
        public SqlStatement(IReadOnlyList<SqlToken> tokens, string source = "")
        {
            _tokens = tokens;
            _source = source;
            if (StartsWith("CREATE", "TABLE") || StartsWith("CREATE", "UNLOGGED", "TABLE") || StartsWith("CREATE", "TEMP", "TABLE") || StartsWith("CREATE", "TEMPORARY", "TABLE"))
            {
                var i = IndexOf("TABLE") + 1;
                if (At(i).Is("IF") && At(i + 1).Is("NOT") && At(i + 2).Is("EXISTS")) i += 3;
                CreatedTable = ReadName(ref i);
            }
            else if (StartsWith("CREATE"))
            {
                // CREATE [OR REPLACE | OR ALTER] [TEMP] VIEW name, CREATE SYNONYM name: a name the old version can keep using.
                var i = 1;
                if (At(i).Is("OR") && (At(i + 1).Is("REPLACE") || At(i + 1).Is("ALTER"))) i += 2;
                if (At(i).Is("TEMP") || At(i).Is("TEMPORARY") || At(i).Is("RECURSIVE")) i++;
                if (At(i).Is("VIEW") || At(i).Is("SYNONYM"))
                {
                    i++;
                    if (At(i).Is("IF") && At(i + 1).Is("NOT") && At(i + 2).Is("EXISTS")) i += 3;
                    CreatedAlias = ReadName(ref i);
                }
            }
            else if (StartsWith("ALTER", "TABLE"))
            {
                var i = 2;
                if (At(i).Is("IF") && At(i + 1).Is("EXISTS")) i += 2;
                if (At(i).Is("ONLY")) i++;
                var table = ReadName(ref i);
                if (HasSequence(i, _tokens.Count, "VALIDATE", "CONSTRAINT"))
                {
                    ValidatedConstraintTable = table;
                }

                if (HasSequence(i, _tokens.Count, "NOT", "VALID"))
                {
                    NotValidConstraintTable = table;
                }
            }
        }

        public IReadOnlyList<SqlToken> Tokens => _tokens;

        /// <summary>The statement as written, without the separator after it and the comments around it.</summary>
        public string Text => SourceText(0, _tokens.Count);

        /// <summary>The text as written from token <paramref name="from"/> up to, not including, token <paramref name="to"/>.</summary>
        internal string SourceText(int from, int to)
        {
            if (from >= to || to > _tokens.Count || _tokens[to - 1].End > _source.Length)
            {
                return string.Empty;
            }

            return _source.Substring(_tokens[from].Start, _tokens[to - 1].End - _tokens[from].Start);
        }

        /// <summary>The table a CREATE TABLE statement creates.</summary>
        public string? CreatedTable { get; }

        /// <summary>The view or synonym a CREATE VIEW / CREATE SYNONYM statement creates.</summary>
        public string? CreatedAlias { get; }

        /// <summary>ALTER TABLE t VALIDATE CONSTRAINT c: the table t.</summary>
        public string? ValidatedConstraintTable { get; }

        /// <summary>ALTER TABLE t ADD CONSTRAINT ... NOT VALID: the table t.</summary>
        public string? NotValidConstraintTable { get; }

        public IReadOnlyList<SqlFinding> Findings => _findings ??= Classify();

        private SqlToken At(int index) => index >= 0 && index < _tokens.Count ? _tokens[index] : new SqlToken(SqlTokenKind.Symbol, string.Empty);

        private bool StartsWith(params string[] words)
        {
            for (var i = 0; i < words.Length; i++)
            {
                if (!At(i).Is(words[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private int IndexOf(string word, int from = 0, int to = int.MaxValue)
        {
            for (var i = from; i < _tokens.Count && i < to; i++)
            {
                if (_tokens[i].Is(word))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// The first <paramref name="word"/> outside parentheses: only the statement's own WHERE bounds an UPDATE or DELETE;
        /// one inside a subquery (<c>SET c = (SELECT .. WHERE ..)</c>) leaves every row of the table updated.
        /// </summary>
        private int IndexOfTopLevel(string word)
        {
            var depth = 0;
            for (var i = 0; i < _tokens.Count; i++)
            {
                var token = _tokens[i];
                if (token.Kind == SqlTokenKind.Symbol && token.Text == "(")
                {
                    depth++;
                }
                else if (token.Kind == SqlTokenKind.Symbol && token.Text == ")")
                {
                    depth = depth > 0 ? depth - 1 : 0;
                }
                else if (depth == 0 && token.Is(word))
                {
                    return i;
                }
            }

            return -1;
        }

        private bool HasSequence(int from, int to, params string[] words)
        {
            for (var i = from; i < _tokens.Count && i < to; i++)
            {
                var match = true;
                for (var j = 0; j < words.Length; j++)
                {
                    var t = At(i + j);
                    if (!(t.Is(words[j]) || (t.Kind == SqlTokenKind.Symbol && t.Text == words[j])))
                    {
                        match = false;
                        break;
                    }
                }

                if (match)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>WITH (ONLINE = ON) anywhere in the statement: SQL Server's online operation (Enterprise, Azure).</summary>
        private bool IsOnline => HasSequence(0, int.MaxValue, "ONLINE", "=", "ON");

        /// <summary>Reads a possibly qualified name (schema.table) and returns its last part.</summary>
        private string? ReadName(ref int i)
        {
            string? name = null;
            while (At(i).IsIdentifier)
            {
                name = At(i).Text;
                i++;
                if (At(i).Kind == SqlTokenKind.Symbol && At(i).Text == ".")
                {
                    i++;
                    continue;
                }

                break;
            }

            return name;
        }

        private List<SqlFinding> Classify()
        {
            var findings = new List<SqlFinding>();
            if (_tokens.Count == 0)
            {
                return findings;
            }

            if (StartsWith("ALTER", "TABLE"))
            {
                ClassifyAlterTable(findings);
            }
            else if (StartsWith("DROP", "TABLE"))
            {
                var i = 2;
                if (At(i).Is("IF") && At(i + 1).Is("EXISTS")) i += 2;
                var table = ReadName(ref i);
                findings.Add(new SqlFinding(SqlHazardKind.DropOrRename, "DROP TABLE " + table, table));
            }
            else if (StartsWith("DROP", "SCHEMA"))
            {
                findings.Add(new SqlFinding(SqlHazardKind.DropOrRename, "DROP SCHEMA", null));
            }
            else if (StartsWith("DROP", "INDEX"))
            {
                // PostgreSQL: plain DROP INDEX takes ACCESS EXCLUSIVE on the table. The T-SQL form (DROP INDEX ix ON t)
                // only takes a short Sch-M lock, so it is not reported.
                if (IndexOf("CONCURRENTLY") < 0 && IndexOf("ON") < 0)
                {
                    findings.Add(new SqlFinding(SqlHazardKind.BlockingIndex, "DROP INDEX without CONCURRENTLY", null));
                }
            }
            else if (StartsWith("CREATE") && IndexOf("INDEX", 0, 4) >= 0)
            {
                ClassifyCreateIndex(findings);
            }
            else if (StartsWith("REINDEX"))
            {
                if (IndexOf("CONCURRENTLY") < 0)
                {
                    findings.Add(new SqlFinding(SqlHazardKind.BlockingIndex, "REINDEX without CONCURRENTLY", null));
                }
            }
            else if (StartsWith("ALTER", "INDEX") && IndexOf("REBUILD") >= 0 && !IsOnline)
            {
                findings.Add(new SqlFinding(SqlHazardKind.BlockingIndex, "ALTER INDEX ... REBUILD without ONLINE = ON", null));
            }
            else if (StartsWith("UPDATE"))
            {
                var i = 1;
                if (At(i).Is("ONLY")) i++;
                var table = ReadName(ref i);
                if (IndexOfTopLevel("WHERE") < 0)
                {
                    findings.Add(new SqlFinding(SqlHazardKind.UnboundedDataChange, "UPDATE " + table + " without WHERE", table));
                }
            }
            else if (StartsWith("DELETE"))
            {
                var i = 1;
                if (At(i).Is("FROM")) i++;
                if (At(i).Is("ONLY")) i++;
                var table = ReadName(ref i);
                if (IndexOfTopLevel("WHERE") < 0)
                {
                    findings.Add(new SqlFinding(SqlHazardKind.UnboundedDataChange, "DELETE FROM " + table + " without WHERE", table));
                }
            }
            else if (StartsWith("TRUNCATE"))
            {
                var i = 1;
                if (At(i).Is("TABLE")) i++;
                if (At(i).Is("ONLY")) i++;
                var table = ReadName(ref i);
                findings.Add(new SqlFinding(SqlHazardKind.TableRewrite, "TRUNCATE " + table, table));
            }
            else if (StartsWith("VACUUM") && (IndexOf("FULL", 0, 3) >= 0 || HasSequence(0, 4, "(", "FULL")))
            {
                findings.Add(new SqlFinding(SqlHazardKind.TableRewrite, "VACUUM FULL", null));
            }
            else if (StartsWith("CLUSTER"))
            {
                findings.Add(new SqlFinding(SqlHazardKind.TableRewrite, "CLUSTER", null));
            }
            else if (StartsWith("LOCK"))
            {
                findings.Add(new SqlFinding(SqlHazardKind.TableRewrite, "LOCK TABLE", null));
            }
            else if ((At(0).Is("SP_RENAME") || ((At(0).Is("EXEC") || At(0).Is("EXECUTE")) && IsSpRename(At(1)))) && !RenamesIndexOrStatistics())
            {
                findings.Add(new SqlFinding(SqlHazardKind.DropOrRename, "sp_rename", null));
            }

            return findings;
        }

        /// <summary>sp_rename ..., 'INDEX' (or 'STATISTICS'): no statement of the running version names an index, so nothing breaks.</summary>
        private bool RenamesIndexOrStatistics()
        {
            foreach (var token in _tokens)
            {
                if (token.Kind == SqlTokenKind.String
                    && (string.Equals(token.Value, "INDEX", StringComparison.OrdinalIgnoreCase) || string.Equals(token.Value, "STATISTICS", StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSpRename(SqlToken token)
        {
            return token.IsIdentifier && token.Text.EndsWith("sp_rename", StringComparison.OrdinalIgnoreCase);
        }

        private void ClassifyCreateIndex(List<SqlFinding> findings)
        {
            var on = IndexOf("ON");
            string? table = null;
            if (on >= 0)
            {
                var i = on + 1;
                if (At(i).Is("ONLY")) i++;
                table = ReadName(ref i);
            }

            // PostgreSQL: CREATE INDEX takes a SHARE lock that blocks every write for the whole build.
            // SQL Server: an offline build blocks writes (and reads, for a clustered index).
            if (IndexOf("CONCURRENTLY") < 0 && !IsOnline)
            {
                findings.Add(new SqlFinding(SqlHazardKind.BlockingIndex, "CREATE INDEX on " + table + " without CONCURRENTLY or ONLINE = ON", table));
            }
        }

        private void ClassifyAlterTable(List<SqlFinding> findings)
        {
            var i = 2;
            if (At(i).Is("IF") && At(i + 1).Is("EXISTS")) i += 2;
            if (At(i).Is("ONLY")) i++;
            var table = ReadName(ref i);
            var withNoCheck = HasSequence(0, _tokens.Count, "WITH", "NOCHECK");
            var notValid = HasSequence(0, _tokens.Count, "NOT", "VALID");

            // T-SQL: ALTER TABLE t WITH NOCHECK ADD CONSTRAINT ...; WITH CHECK re-validates.
            if (At(i).Is("WITH") && (At(i + 1).Is("NOCHECK") || At(i + 1).Is("CHECK"))) i += 2;

            var lastVerb = string.Empty;
            foreach (var (start, end) in SplitActions(i))
            {
                var verb = At(start).Upper;
                var first = start;
                if (verb != "ADD" && verb != "DROP" && verb != "ALTER" && verb != "RENAME" && verb != "SET" && verb != "VALIDATE")
                {
                    // T-SQL: ADD a int NULL, b int NOT NULL — later columns repeat no verb.
                    verb = lastVerb;
                    first = start - 1;
                }

                lastVerb = verb;
                switch (verb)
                {
                    case "DROP":
                        ClassifyDrop(findings, table, start, end);
                        break;
                    case "RENAME":
                        if (!At(start + 1).Is("CONSTRAINT") && !At(start + 1).Is("INDEX"))
                        {
                            findings.Add(new SqlFinding(SqlHazardKind.DropOrRename, "RENAME on " + table, table));
                        }

                        break;
                    case "ALTER":
                        ClassifyAlterColumn(findings, table, start, end);
                        break;
                    case "ADD":
                        ClassifyAdd(findings, table, first, end, withNoCheck, notValid);
                        break;
                    case "SET":
                        if (At(start + 1).Is("TABLESPACE") || At(start + 1).Is("LOGGED") || At(start + 1).Is("UNLOGGED"))
                        {
                            findings.Add(new SqlFinding(SqlHazardKind.TableRewrite, "SET " + At(start + 1).Upper + " rewrites " + table, table));
                        }

                        break;
                }
            }
        }

        private void ClassifyDrop(List<SqlFinding> findings, string? table, int start, int end)
        {
            var next = At(start + 1);
            if (next.Is("CONSTRAINT") || next.Is("INDEX") || next.Is("DEFAULT") || next.Is("PERIOD") || next.Is("TRIGGER"))
            {
                return;
            }

            findings.Add(new SqlFinding(SqlHazardKind.DropOrRename, "DROP COLUMN on " + table, table));
        }

        private void ClassifyAlterColumn(List<SqlFinding> findings, string? table, int start, int end)
        {
            var i = start + 1;
            if (At(i).Is("COLUMN")) i++;
            var column = At(i).Text;
            i++;
            var action = At(i);
            if (action.Is("TYPE") || (action.Is("SET") && At(i + 1).Is("DATA")))
            {
                // PostgreSQL rewrites the table and its indexes under ACCESS EXCLUSIVE unless the change is binary-coercible.
                findings.Add(new SqlFinding(SqlHazardKind.AlterColumn, "ALTER COLUMN " + column + " TYPE on " + table, table, isTypeChange: true));
            }
            else if (action.Is("SET") && At(i + 1).Is("NOT") && At(i + 2).Is("NULL"))
            {
                // Full scan under ACCESS EXCLUSIVE, and the running version may still write NULL.
                findings.Add(new SqlFinding(SqlHazardKind.AlterColumn, "SET NOT NULL on " + table + "." + column, table, isSetNotNull: true));
            }
            else if (action.Is("SET") || action.Is("DROP") || action.Is("ADD") || action.Is("RESET") || action.Is("OPTIONS"))
            {
                // SET/DROP DEFAULT, DROP NOT NULL, SET STATISTICS ...: catalog-only.
            }
            else if (action.IsIdentifier && !IsOnline)
            {
                // T-SQL: ALTER COLUMN c <type> [NULL | NOT NULL] changes type and nullability under Sch-M (size-of-data).
                findings.Add(new SqlFinding(SqlHazardKind.AlterColumn, "ALTER COLUMN " + column + " on " + table + " without ONLINE = ON", table, isTypeChange: true));
            }
        }

        private void ClassifyAdd(List<SqlFinding> findings, string? table, int start, int end, bool withNoCheck, bool notValid)
        {
            var i = start + 1;
            if (At(i).Is("CONSTRAINT"))
            {
                i += 2;
            }

            var head = At(i);
            if (head.Is("FOREIGN") || head.Is("CHECK"))
            {
                // Validation scans the table (PostgreSQL: SHARE ROW EXCLUSIVE on both tables for a foreign key).
                if (!withNoCheck && !notValid)
                {
                    findings.Add(new SqlFinding(SqlHazardKind.ValidatingConstraint, head.Upper + " constraint on " + table + " without NOT VALID or WITH NOCHECK", table));
                }

                return;
            }

            if (head.Is("UNIQUE") || head.Is("PRIMARY"))
            {
                if (!HasSequence(start, end, "USING", "INDEX") && !IsOnline)
                {
                    findings.Add(new SqlFinding(SqlHazardKind.ValidatingConstraint, head.Upper + " constraint on " + table + " builds its index under an exclusive lock", table));
                }

                return;
            }

            if (head.Is("EXCLUDE") || head.Is("INDEX") || head.Is("PERIOD"))
            {
                return;
            }

            // ADD [COLUMN] [IF NOT EXISTS] name type ...
            if (At(i).Is("COLUMN")) i++;
            if (At(i).Is("IF") && At(i + 1).Is("NOT") && At(i + 2).Is("EXISTS")) i += 3;
            var column = At(i).Text;
            var notNull = HasSequence(i, end, "NOT", "NULL");
            var hasDefault = IndexOf("DEFAULT", i, end) >= 0;
            var type = At(i + 1).Upper;
            if (type == "SERIAL" || type == "BIGSERIAL" || type == "SMALLSERIAL" || IndexOf("IDENTITY", i, end) >= 0 || HasSequence(i, end, "STORED"))
            {
                findings.Add(new SqlFinding(SqlHazardKind.TableRewrite, "ADD COLUMN " + column + " (identity, serial or stored generated) rewrites " + table, table));
                return;
            }

            if (hasDefault)
            {
                var d = IndexOf("DEFAULT", i, end);
                for (var k = d + 1; k < end; k++)
                {
                    if (Array.IndexOf(VolatileFunctions, At(k).Upper) >= 0)
                    {
                        findings.Add(new SqlFinding(SqlHazardKind.TableRewrite, "ADD COLUMN " + column + " with volatile default " + At(k).Text + "() rewrites " + table, table));
                        return;
                    }
                }
            }

            if (notNull && !hasDefault)
            {
                findings.Add(new SqlFinding(SqlHazardKind.AlterColumn, "ADD COLUMN " + column + " NOT NULL without DEFAULT on " + table, table));
            }
        }

        /// <summary>ALTER TABLE actions, split on top-level commas.</summary>
        private IEnumerable<(int Start, int End)> SplitActions(int from)
        {
            var depth = 0;
            var start = from;
            for (var i = from; i < _tokens.Count; i++)
            {
                var t = _tokens[i];
                if (t.Kind != SqlTokenKind.Symbol) continue;
                if (t.Text == "(") depth++;
                else if (t.Text == ")") depth--;
                else if (t.Text == "," && depth == 0)
                {
                    yield return (start, i);
                    start = i + 1;
                }
            }

            if (start < _tokens.Count)
            {
                yield return (start, _tokens.Count);
            }
        }
    }
}
