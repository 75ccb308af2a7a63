using System.Text.RegularExpressions;
using SafeMigrate.FluentMigrator;

namespace SafeMigrate.Planning;

/// <summary>
/// Recognises the few single statements of raw SQL whose phase is clear from their first words: additions nothing of
/// the old version can notice (expand) and removals of objects the old version may use (contract). Anything else
/// needs a declared phase.
/// </summary>
public static partial class RawSqlClassifier
{
    public static DeclaredPhase? Classify(string sql)
    {
        var text = sql.Trim().TrimEnd(';').Trim();
        if (text.Contains(';', StringComparison.Ordinal))
        {
            return null;
        }

        if (Expand().IsMatch(text))
        {
            return DeclaredPhase.Expand;
        }

        return Contract().IsMatch(text) ? DeclaredPhase.Contract : null;
    }

    [GeneratedRegex(@"^(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|CREATE\s+EXTENSION\s+IF\s+NOT\s+EXISTS|CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|VIEW|PROCEDURE)|CREATE\s+TABLE|CREATE\s+SCHEMA|CREATE\s+SEQUENCE|COMMENT\s+ON|INSERT\s+INTO)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Expand();

    [GeneratedRegex(@"^(DROP\s+INDEX\s+CONCURRENTLY|DROP\s+VIEW|DROP\s+FUNCTION|DROP\s+PROCEDURE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Contract();
}
