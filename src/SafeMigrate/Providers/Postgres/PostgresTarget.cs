using System.Globalization;
using SafeMigrate.Errors;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// The PostgreSQL major version a plan is written for: read from <c>server_version_num</c> with a connection, given
/// with <c>--pg-version</c> offline (default: the newest supported). Every choice that depends on the release lives
/// here, in one place; docs/postgres-versions.md lists them.
/// </summary>
public sealed record PostgresTarget(int MajorVersion)
{
    /// <summary>Below 12, <c>SET NOT NULL</c> scans the table under ACCESS EXCLUSIVE even with a validated check: no safe recipe.</summary>
    public const int OldestSupported = 12;

    public const int NewestSupported = 18;

    /// <summary>The default of an offline plan.</summary>
    public static PostgresTarget Newest { get; } = new(NewestSupported);

    /// <summary>
    /// PostgreSQL 18: <c>ADD NOT NULL c NOT VALID</c> (ACCESS EXCLUSIVE for a moment, no scan, new rows checked) then
    /// <c>VALIDATE CONSTRAINT</c> (SHARE UPDATE EXCLUSIVE). Before 18 the same needs a <c>CHECK (c IS NOT NULL)</c>,
    /// its validation, a <c>SET NOT NULL</c> proved by it (12+) and dropping it again.
    /// </summary>
    public bool NativeNotNullNotValid => MajorVersion >= 18;

    /// <summary>
    /// PostgreSQL 17: <c>transaction_timeout</c>. The runner resets it to 0 on its own sessions (a role default must
    /// not terminate a validation or an index build half-way) and sets it locally on the steps meant to hold ACCESS
    /// EXCLUSIVE for a moment only.
    /// </summary>
    public bool HasTransactionTimeout => MajorVersion >= 17;

    /// <summary>PostgreSQL 13: <c>gen_random_uuid()</c> is built in; on 12 it needs the pgcrypto extension.</summary>
    public bool HasBuiltInGenRandomUuid => MajorVersion >= 13;

    /// <summary>PostgreSQL 14: <c>ALTER TABLE … DETACH PARTITION … CONCURRENTLY</c> (SHARE UPDATE EXCLUSIVE on the parent).</summary>
    public bool HasDetachPartitionConcurrently => MajorVersion >= 14;

    /// <summary>PostgreSQL 18: a generated column without STORED is virtual (computed on read, no rewrite when added).</summary>
    public bool GeneratedColumnsVirtualByDefault => MajorVersion >= 18;

    public string Name => $"PostgreSQL {MajorVersion}";

    public override string ToString() => Name;

    /// <summary>From <c>server_version_num</c> (e.g. 150004 → 15, 180004 → 18).</summary>
    /// <exception cref="DatabaseFailureException">The server is older than <see cref="OldestSupported"/> (exit 3: nothing was changed).</exception>
    public static PostgresTarget FromServerVersionNum(int serverVersionNum)
    {
        var major = serverVersionNum / 10000;
        return major >= OldestSupported
            ? new PostgresTarget(major)
            : throw new DatabaseFailureException(
                $"The server runs PostgreSQL {VersionText(serverVersionNum)}, older than {OldestSupported}: SafeMigrate supports PostgreSQL {OldestSupported} to {NewestSupported}. Nothing was changed.");
    }

    /// <summary>Parses <c>--pg-version</c> (a major version, "15" or "15.4"); null or empty: <see cref="Newest"/>.</summary>
    /// <exception cref="InvalidInputException">Not a version, or older than <see cref="OldestSupported"/> (exit 2).</exception>
    public static PostgresTarget Parse(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return Newest;
        }

        var majorText = version.Trim().Split('.')[0];
        if (!int.TryParse(majorText, NumberStyles.None, CultureInfo.InvariantCulture, out var major) || major is 0 or > 99)
        {
            throw new InvalidInputException(
                $"Unknown PostgreSQL version '{version}': give a major version from {OldestSupported} to {NewestSupported}, e.g. --pg-version 16.");
        }

        return major >= OldestSupported
            ? new PostgresTarget(major)
            : throw new InvalidInputException(
                $"PostgreSQL {major} is not supported: SafeMigrate plans for PostgreSQL {OldestSupported} to {NewestSupported} (before 12, SET NOT NULL always scans the table under ACCESS EXCLUSIVE).");
    }

    // 90624 → "9.6.24", 110022 → "11.22", 150004 → "15.4".
    private static string VersionText(int num) => num >= 100000
        ? $"{num / 10000}.{num % 10000}"
        : $"{num / 10000}.{num / 100 % 100}.{num % 100}";
}
