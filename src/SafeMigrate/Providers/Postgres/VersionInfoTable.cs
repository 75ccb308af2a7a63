using Npgsql;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// FluentMigrator's version table with its default metadata: <c>"public"."VersionInfo"</c> ("Version" bigint NOT NULL,
/// "AppliedOn" timestamp, "Description" varchar(1024)) and its unique index "UC_Version", as FluentMigrator's own
/// version migrations create it, so an app that checks it (or a later plain FluentMigrator run) reads it as usual.
/// </summary>
public static class VersionInfoTable
{
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS "public"."VersionInfo" ("Version" bigint NOT NULL, "AppliedOn" timestamp, "Description" varchar(1024));
        CREATE UNIQUE INDEX IF NOT EXISTS "UC_Version" ON "public"."VersionInfo" ("Version");
        """;

    public static async Task<IReadOnlySet<long>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('\"public\".\"VersionInfo\"') IS NOT NULL", connection);
        var result = new HashSet<long>();
        if (!(bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
        {
            return result;
        }

        await using var command = new NpgsqlCommand("SELECT \"Version\" FROM \"public\".\"VersionInfo\"", connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add(reader.GetInt64(0));
        }

        return result;
    }

    /// <summary>Records the version as applied (FluentMigrator stores AppliedOn as UTC without time zone).</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long version, string description, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            CreateSql + """
            INSERT INTO "public"."VersionInfo" ("Version", "AppliedOn", "Description")
            SELECT @version, (now() AT TIME ZONE 'UTC'), @description
            WHERE NOT EXISTS (SELECT 1 FROM "public"."VersionInfo" WHERE "Version" = @version);
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("description", description.Length > 1024 ? description[..1024] : description);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public static async Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long version, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "DO $sm$ BEGIN IF to_regclass('\"public\".\"VersionInfo\"') IS NOT NULL THEN DELETE FROM \"public\".\"VersionInfo\" WHERE \"Version\" = " + version + "; END IF; END $sm$;",
            connection,
            transaction);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
