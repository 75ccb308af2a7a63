using System.Collections.Generic;
using System.Text;

namespace SafeMigrate.Sql
{
    /// <summary>
    /// Splits PostgreSQL or T-SQL text into statements of tokens. Not a parser: it drops comments, keeps string
    /// literals and dollar-quoted bodies (function bodies, DO blocks) opaque, splits on ';' and on GO lines, and
    /// unwraps T-SQL control flow (IF ... BEGIN ... END) so that the statements inside are seen.
    /// </summary>
    internal static class SqlStatementScanner
    {
        private static readonly HashSet<string> StatementStarts = new HashSet<string>
        {
            "ALTER", "CREATE", "DROP", "UPDATE", "DELETE", "INSERT", "TRUNCATE", "VACUUM", "CLUSTER", "REINDEX",
            "EXEC", "EXECUTE", "SP_RENAME", "LOCK", "SELECT", "WITH", "MERGE", "COMMENT", "GRANT", "SET", "DECLARE", "PRINT", "RAISERROR", "THROW",
        };

        public static IReadOnlyList<SqlStatement> Scan(string sql)
        {
            var statements = new List<SqlStatement>();
            var current = new List<SqlToken>();
            var caseDepth = 0;

            void Flush()
            {
                AddStatement(statements, current, sql);
                current = new List<SqlToken>();
            }

            var tokens = new List<SqlToken>(Tokenize(sql));
            for (var index = 0; index < tokens.Count; index++)
            {
                var token = tokens[index];
                if (token.Kind == SqlTokenKind.Symbol && (token.Text == ";" || token.Text == "GO"))
                {
                    Flush();
                    caseDepth = 0;
                    continue;
                }

                if (token.Is("AS") && index + 1 < tokens.Count && tokens[index + 1].Kind == SqlTokenKind.Word && IsModuleHeader(current))
                {
                    // T-SQL CREATE PROCEDURE / TRIGGER / FUNCTION: the body after AS is stored, not run, and the module
                    // takes the whole batch, so its statements are skipped up to the next GO. PostgreSQL bodies are
                    // quoted strings (AS $$ ... $$) and never get here.
                    current.Add(token);
                    Flush();
                    while (index + 1 < tokens.Count && !(tokens[index + 1].Kind == SqlTokenKind.Symbol && tokens[index + 1].Text == "GO"))
                    {
                        index++;
                    }

                    continue;
                }

                if (token.Is("CASE"))
                {
                    caseDepth++;
                }
                else if (token.Is("END") && caseDepth > 0)
                {
                    caseDepth--;
                    current.Add(token);
                    continue;
                }

                // T-SQL blocks: BEGIN ... END, ELSE. "BEGIN TRAN" is a statement of its own and harmless.
                if (caseDepth == 0 && (token.Is("BEGIN") || token.Is("END") || token.Is("ELSE")))
                {
                    Flush();
                    continue;
                }

                current.Add(token);
            }

            Flush();
            return statements;
        }

        /// <summary>CREATE [OR ALTER | OR REPLACE] or ALTER, then PROC[EDURE] / TRIGGER / FUNCTION ...</summary>
        private static bool IsModuleHeader(List<SqlToken> tokens)
        {
            if (tokens.Count < 2 || !(tokens[0].Is("CREATE") || tokens[0].Is("ALTER")))
            {
                return false;
            }

            var i = 1;
            if (tokens[i].Is("OR") && i + 1 < tokens.Count && (tokens[i + 1].Is("ALTER") || tokens[i + 1].Is("REPLACE")))
            {
                i += 2;
            }

            return i < tokens.Count && (tokens[i].Is("PROC") || tokens[i].Is("PROCEDURE") || tokens[i].Is("TRIGGER") || tokens[i].Is("FUNCTION"));
        }

        private static void AddStatement(List<SqlStatement> statements, List<SqlToken> tokens, string sql)
        {
            var start = 0;

            // IF [NOT] EXISTS (...) <statement>: skip the condition.
            while (start < tokens.Count && tokens[start].Is("IF"))
            {
                var depth = 0;
                var i = start + 1;
                for (; i < tokens.Count; i++)
                {
                    var t = tokens[i];
                    if (t.Text == "(" && t.Kind == SqlTokenKind.Symbol) depth++;
                    else if (t.Text == ")" && t.Kind == SqlTokenKind.Symbol) depth--;
                    else if (depth == 0 && t.Kind == SqlTokenKind.Word && StatementStarts.Contains(t.Upper) && !(t.Upper == "SELECT" && i == start + 1))
                    {
                        break;
                    }
                }

                start = i;
            }

            if (start < tokens.Count)
            {
                statements.Add(new SqlStatement(tokens.GetRange(start, tokens.Count - start), sql));
            }
        }

        internal static IEnumerable<SqlToken> Tokenize(string sql)
        {
            var i = 0;
            var lineStart = true;
            while (i < sql.Length)
            {
                var c = sql[i];
                if (c == '\n')
                {
                    lineStart = true;
                    i++;
                    continue;
                }

                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
                {
                    while (i < sql.Length && sql[i] != '\n') i++;
                    continue;
                }

                if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
                {
                    i = SkipBlockComment(sql, i);
                    continue;
                }

                var atLineStart = lineStart;
                lineStart = false;
                var tokenStart = i;

                if ((c == 'E' || c == 'e') && i + 1 < sql.Length && sql[i + 1] == '\'')
                {
                    // PostgreSQL escape string: a backslash escapes the next character, \' included.
                    i = SkipEscapeString(sql, i + 1);
                    yield return new SqlToken(SqlTokenKind.String, "'", null, tokenStart, i);
                    continue;
                }

                if (c == '\'' || ((c == 'N' || c == 'n') && i + 1 < sql.Length && sql[i + 1] == '\''))
                {
                    var open = c == '\'' ? i : i + 1;
                    i = SkipQuoted(sql, open, '\'');
                    var length = System.Math.Max(0, i - open - 2);
                    yield return new SqlToken(SqlTokenKind.String, "'", sql.Substring(open + 1, System.Math.Min(length, sql.Length - open - 1)).Replace("''", "'"), tokenStart, i);
                    continue;
                }

                if (c == '"' || c == '[' || c == '`')
                {
                    var close = c == '[' ? ']' : c;
                    var start = i + 1;
                    i = SkipQuoted(sql, i, close);
                    var length = System.Math.Max(0, i - start - 1);
                    var doubled = new string(close, 2);
                    var name = sql.Substring(start, System.Math.Min(length, sql.Length - start)).Replace(doubled, close.ToString());
                    yield return new SqlToken(SqlTokenKind.QuotedIdentifier, name, null, tokenStart, i);
                    continue;
                }

                if (c == '$')
                {
                    // Dollar quoting: $$ ... $$ or $tag$ ... $tag$ (function bodies, DO blocks) stays opaque.
                    var tagEnd = i + 1;
                    while (tagEnd < sql.Length && (char.IsLetterOrDigit(sql[tagEnd]) || sql[tagEnd] == '_')) tagEnd++;
                    if (tagEnd < sql.Length && sql[tagEnd] == '$')
                    {
                        var tag = sql.Substring(i, tagEnd - i + 1);
                        var end = sql.IndexOf(tag, tagEnd + 1, System.StringComparison.Ordinal);
                        i = end < 0 ? sql.Length : end + tag.Length;
                        yield return new SqlToken(SqlTokenKind.String, "$$", null, tokenStart, i);
                        continue;
                    }
                }

                if (char.IsLetter(c) || c == '_' || c == '@' || c == '#')
                {
                    var start = i;
                    while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_' || sql[i] == '@' || sql[i] == '#' || sql[i] == '$')) i++;
                    var word = sql.Substring(start, i - start);
                    if (atLineStart && word.Equals("GO", System.StringComparison.OrdinalIgnoreCase) && RestOfLineIsBlank(sql, i))
                    {
                        yield return new SqlToken(SqlTokenKind.Symbol, "GO", null, tokenStart, i);
                        continue;
                    }

                    yield return new SqlToken(SqlTokenKind.Word, word, null, tokenStart, i);
                    continue;
                }

                if (char.IsDigit(c))
                {
                    var start = i;
                    while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '.')) i++;
                    yield return new SqlToken(SqlTokenKind.Number, sql.Substring(start, i - start), null, tokenStart, i);
                    continue;
                }

                i++;
                yield return new SqlToken(SqlTokenKind.Symbol, c.ToString(), null, tokenStart, i);
            }
        }

        private static bool RestOfLineIsBlank(string sql, int i)
        {
            while (i < sql.Length && sql[i] != '\n')
            {
                if (!char.IsWhiteSpace(sql[i]) && !char.IsDigit(sql[i]))
                {
                    return false;
                }

                i++;
            }

            return true;
        }

        /// <summary>
        /// Returns the index after the comment that opens at <paramref name="openIndex"/>. PostgreSQL and SQL Server both
        /// nest block comments: <c>/* a /* b */ still a comment */</c>.
        /// </summary>
        private static int SkipBlockComment(string sql, int openIndex)
        {
            var depth = 0;
            var i = openIndex;
            while (i + 1 < sql.Length)
            {
                if (sql[i] == '/' && sql[i + 1] == '*')
                {
                    depth++;
                    i += 2;
                }
                else if (sql[i] == '*' && sql[i + 1] == '/')
                {
                    depth--;
                    i += 2;
                    if (depth == 0)
                    {
                        return i;
                    }
                }
                else
                {
                    i++;
                }
            }

            return sql.Length;
        }

        /// <summary>Returns the index after an E'...' string whose quote is at <paramref name="openIndex"/>.</summary>
        private static int SkipEscapeString(string sql, int openIndex)
        {
            var i = openIndex + 1;
            while (i < sql.Length)
            {
                if (sql[i] == '\\')
                {
                    i += 2;
                    continue;
                }

                if (sql[i] == '\'')
                {
                    if (i + 1 < sql.Length && sql[i + 1] == '\'')
                    {
                        i += 2;
                        continue;
                    }

                    return i + 1;
                }

                i++;
            }

            return sql.Length;
        }

        /// <summary>Returns the index after the closing quote; a doubled quote is an escaped quote.</summary>
        private static int SkipQuoted(string sql, int openIndex, char close)
        {
            var i = openIndex + 1;
            while (i < sql.Length)
            {
                if (sql[i] == close)
                {
                    if (i + 1 < sql.Length && sql[i + 1] == close)
                    {
                        i += 2;
                        continue;
                    }

                    return i + 1;
                }

                i++;
            }

            return sql.Length;
        }
    }
}
