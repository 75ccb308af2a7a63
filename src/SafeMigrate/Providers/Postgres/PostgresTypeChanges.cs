using System.Globalization;
using System.Text.RegularExpressions;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Dialects;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Decides how a column's type change runs on PostgreSQL, from the old and the new type as <c>format_type</c> spells
/// them, by small whitelists rather than a general rule:
/// <list type="bullet">
/// <item>In place: changes <c>ATColumnChangeRequiresRewrite</c> (src/backend/commands/tablecmds.c) lets through
/// without a rewrite. A binary-coercible cast (<c>varchar</c> → <c>text</c>, pg_cast method <c>b</c>) is a
/// RelabelType; a typmod change is simplified away by the length-coercion's support function (<c>varchar_support</c>,
/// <c>numeric_support</c>, <c>varbit_support</c>, <c>timestamp_support</c>) when every old value fits the new typmod;
/// and since PostgreSQL 12 the <c>timestamp</c> ↔ <c>timestamptz</c> casts are skipped when
/// <c>TimestampTimestampTzRequiresRewrite()</c> says the session zone has a fixed zero offset. Indexes on the column
/// keep their storage when their operator family stays the same (all of these). Each pair is proved by a test that
/// compares <c>pg_class.relfilenode</c> of the table and its indexes before and after.</item>
/// <item>Shadow column: while both versions write the original column (old type), a value the new version writes is
/// first stored as the old type, then converted. Allowed only where every such value either comes out as plain
/// FluentMigrator would store it in the new type, or is rejected with an error: within the integer family
/// (out-of-range values fail on both sides), within the <c>varchar</c>/<c>text</c> family towards a limit no longer
/// than the old one (a too-long value fails; the SQL-standard cut of excess trailing spaces happens as it would on the
/// new type; towards a longer limit the old type would cut spaces the new one keeps), and <c>numeric</c> precision
/// changes at the same scale (one rounding, to the same scale).</item>
/// <item>Everything else is refused: <c>timestamp</c> → <c>timestamptz</c> under a zone that is not UTC (the old type
/// drops the offset: <c>12:00+05</c> would be stored as <c>12:00</c>), a <c>numeric</c> scale change (rounds twice),
/// <c>integer</c> → <c>text</c> (<c>'007'</c> becomes <c>7</c>), <c>real</c> → <c>double precision</c> (the old type
/// rounds to 6 digits), …</item>
/// </list>
/// </summary>
internal static partial class PostgresTypeChanges
{
    /// <summary>
    /// Zone names with a fixed zero UTC offset, as <c>SHOW TimeZone</c> prints them (PostgreSQL keeps the spelling it
    /// was given, case aside). A zone such as <c>Europe/London</c> is UTC only in winter: PostgreSQL rewrites there.
    /// </summary>
    private static readonly HashSet<string> UtcZones = new(StringComparer.OrdinalIgnoreCase)
    {
        "UTC", "Etc/UTC", "UCT", "Etc/UCT", "GMT", "Etc/GMT", "GMT0", "Etc/GMT0", "GMT+0", "Etc/GMT+0", "GMT-0", "Etc/GMT-0",
        "Greenwich", "Etc/Greenwich", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu",
    };

    /// <summary>The first release whose ALTER COLUMN skips the rewrite for timestamp ↔ timestamptz under a UTC session (12.0).</summary>
    private const int TimestampTzWithoutRewriteSince = 120000;

    /// <summary>The zone names <see cref="IsUtc"/> accepts, for the guard the in-place step checks before it runs.</summary>
    public static IReadOnlyCollection<string> UtcZoneNames => UtcZones;

    public static bool IsUtc(string? timeZone) => timeZone is not null && UtcZones.Contains(timeZone.Trim());

    /// <summary>Whether the change is the timestamp → timestamptz one that is catalog-only only under a UTC session zone.</summary>
    public static bool IsTimestampToTimestampTz(string fromType, string toType) =>
        fromType == "timestamp without time zone" && toType == "timestamp with time zone";

    /// <param name="dependents">What depends on the column; null: nothing known (offline tests).</param>
    public static TypeChangeDecision Decide(string fromType, string toType, ServerSettings? settings, ColumnDependents? dependents = null)
    {
        dependents ??= ColumnDependents.None;
        var from = Parse(fromType);
        var to = Parse(toType);
        if (IsTimestampToTimestampTz(fromType, toType))
        {
            return DecideTimestampToTimestampTz(settings, dependents);
        }

        if (from is null || to is null)
        {
            return Refuse(fromType, toType, $"{Rewrites}, and SafeMigrate knows no safe recipe for this pair of types");
        }

        var scanned = string.Empty;
        if (InPlace(from, to) is { } inPlace)
        {
            if (!dependents.Checked)
            {
                return TypeChangeDecision.InPlace(inPlace);
            }

            // Catalog-only for the table, but PostgreSQL re-checks the column's CHECK constraints by a full scan under
            // ACCESS EXCLUSIVE: the shadow recipe, where the values survive it, is cheaper for the running app.
            scanned = "; in place, the CHECK constraint on the column would be re-checked by a scan under ACCESS EXCLUSIVE";
        }

        if (from.Family == to.Family)
        {
            switch (from.Family)
            {
                case Family.Integer:
                    return TypeChangeDecision.Shadow(
                        $"every {toType} value the new version writes into the {fromType} column during the overlap is stored exactly or fails as out of range{scanned}");
                case Family.String when to.Length is { } m && (from.Length is null || m <= from.Length):
                    return TypeChangeDecision.Shadow(
                        $"every {toType} value the new version writes into the {fromType} column during the overlap is stored as written or fails as too long{scanned}");
                case Family.String:
                    // A longer limit only reaches here with a CHECK constraint on the column (else it runs in place).
                    return Refuse(fromType, toType,
                        $"in place, PostgreSQL would re-check the column's CHECK constraint by a scan under ACCESS EXCLUSIVE, and with a shadow column the new version's values would go through {fromType}, which silently cuts trailing spaces beyond its limit ('abc' followed by spaces up to the new limit would lose some)");
                case Family.Numeric when from.Precision is null:
                    return TypeChangeDecision.Shadow(
                        $"the unconstrained {fromType} column stores every value the new version writes exactly; the conversion rounds it once, as plain FluentMigrator would, or fails as out of range{scanned}");
                case Family.Numeric when from.Scale is { } s && to.Scale == s:
                    return TypeChangeDecision.Shadow(
                        $"the {fromType} column rounds to the same scale as {toType}: a value the new version writes is stored as plain FluentMigrator would, or fails as out of range{scanned}");
                case Family.Numeric:
                    return Refuse(fromType, toType,
                        $"{Rewrites}, and the scale changes: a value the new version writes during the overlap is rounded to the old scale first (1.0049 would become 1.005, then 1.01 instead of 1.00)");
            }
        }

        var example = (from.Family, to.Family) switch
        {
            (Family.Integer, Family.String) => " ('007' would be stored as '7')",
            (Family.Float4, Family.Float8) => " (0.1 would be stored as 0.100000001490116 instead of 0.1)",
            (Family.Integer, Family.Numeric) or (Family.Integer, Family.Float4) or (Family.Integer, Family.Float8) => " (a fractional value would be rounded to an integer)",
            _ => string.Empty,
        };
        var cost = scanned.Length > 0 ? "in place, PostgreSQL would re-check the column's CHECK constraint by a scan under ACCESS EXCLUSIVE" : Rewrites;
        return Refuse(fromType, toType, $"{cost}, and the new version's values go through {fromType} during the overlap and may be stored changed{example}");
    }

    private static TypeChangeDecision DecideTimestampToTimestampTz(ServerSettings? settings, ColumnDependents dependents)
    {
        const string what = "during the overlap the new version's writes go through the old timestamp column, which drops their offset ('2024-06-01 12:00:00+05' would be stored as 12:00, not 07:00 UTC)";
        if (settings is null)
        {
            return Refuse("timestamp without time zone", "timestamp with time zone", $"the server's TimeZone and version are unknown, and {what}");
        }

        if (settings.ServerVersionNum < TimestampTzWithoutRewriteSince)
        {
            return Refuse("timestamp without time zone", "timestamp with time zone",
                $"PostgreSQL {settings.ServerVersionNum} rewrites the table under ACCESS EXCLUSIVE for this change (12+ does not under a UTC session), and {what}");
        }

        if (!IsUtc(settings.TimeZone))
        {
            return Refuse("timestamp without time zone", "timestamp with time zone",
                $"the session TimeZone is '{settings.TimeZone}', not UTC, so PostgreSQL rewrites the table under ACCESS EXCLUSIVE, converting every value under that zone, and {what}");
        }

        if (dependents.Indexed || dependents.Checked || dependents.ForeignKey)
        {
            var which = string.Join(" and ", new[] { dependents.Indexed ? "rebuilds its indexes" : null, dependents.Checked ? "re-checks its CHECK constraints" : null, dependents.ForeignKey ? "re-validates its foreign keys" : null }.OfType<string>());
            return Refuse("timestamp without time zone", "timestamp with time zone",
                $"even under the UTC session zone, where the table is not rewritten, PostgreSQL {which} under ACCESS EXCLUSIVE (the operator class changes), and {what}");
        }

        return TypeChangeDecision.InPlace($"TimeZone '{settings.TimeZone}' has a zero offset: PostgreSQL 12+ changes timestamp to timestamptz without a rewrite");
    }

    private static string? InPlace(ParsedType from, ParsedType to)
    {
        const string relabel = "binary-coercible: catalog only, no rewrite";
        return (from.Family, to.Family) switch
        {
            (Family.String, Family.String) when to.Name == "text" || (to.Name == "character varying" && to.Length is null) => relabel,
            (Family.String, Family.String) when from.Name == "character varying" && to.Name == "character varying" && from.Length is { } n && to.Length >= n =>
                "longer varchar limit: catalog only, no rewrite",
            (Family.Numeric, Family.Numeric) when from.Precision is not null && to.Precision is null => "unconstrained numeric: catalog only, no rewrite",
            (Family.Numeric, Family.Numeric) when from.Precision is { } p && to.Precision >= p && from.Scale == to.Scale =>
                "numeric precision up at the same scale: catalog only, no rewrite",
            (Family.BitVarying, Family.BitVarying) when from.Length is not null && (to.Length is null || to.Length >= from.Length) =>
                "longer bit varying limit: catalog only, no rewrite",
            (Family.Timestamp, Family.Timestamp) or (Family.TimestampTz, Family.TimestampTz) when from.Precision is { } p && (to.Precision is null || to.Precision >= p) =>
                "more fractional digits: catalog only, no rewrite",
            _ => null,
        };
    }

    private const string Rewrites = "in place, PostgreSQL would rewrite the table under ACCESS EXCLUSIVE";

    private static TypeChangeDecision Refuse(string fromType, string toType, string why) =>
        TypeChangeDecision.Refuse($"changing {fromType} to {toType}: {why}.");

    private static ParsedType? Parse(string type)
    {
        var match = TypeName().Match(type.Trim());
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value;
        int? First() => match.Groups["a"].Success ? int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture) : null;
        int? Second() => match.Groups["b"].Success ? int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture) : null;
        var zone = match.Groups["zone"].Value;
        return name switch
        {
            "smallint" or "integer" or "bigint" when !match.Groups["a"].Success => new ParsedType(name, Family.Integer, null, null, null),
            "text" when !match.Groups["a"].Success => new ParsedType(name, Family.String, null, null, null),
            "character varying" => new ParsedType(name, Family.String, First(), null, null),
            "bit varying" => new ParsedType(name, Family.BitVarying, First(), null, null),
            "numeric" => new ParsedType(name, Family.Numeric, null, First(), First() is null ? null : Second() ?? 0),
            "real" => new ParsedType(name, Family.Float4, null, null, null),
            "double precision" => new ParsedType(name, Family.Float8, null, null, null),
            "timestamp" when zone == " without time zone" => new ParsedType(name, Family.Timestamp, null, First(), null),
            "timestamp" when zone == " with time zone" => new ParsedType(name, Family.TimestampTz, null, First(), null),
            _ => null,
        };
    }

    private enum Family
    {
        Integer,
        String,
        BitVarying,
        Numeric,
        Float4,
        Float8,
        Timestamp,
        TimestampTz,
    }

    /// <param name="Length">varchar/varbit limit; null: unlimited.</param>
    /// <param name="Precision">numeric precision or timestamp fractional digits; null: unconstrained.</param>
    private sealed record ParsedType(string Name, Family Family, int? Length, int? Precision, int? Scale);

    // format_type spellings: "character varying(20)", "numeric(10,2)", "timestamp(3) without time zone"; arrays
    // ("integer[]") and anything else do not match and are refused.
    [GeneratedRegex(@"^(?<name>[a-z][a-z ]*?)(\((?<a>\d+)(,(?<b>\d+))?\))?(?<zone> with(out)? time zone)?$")]
    private static partial Regex TypeName();
}
