using static SafeMigrate.Providers.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// BEFORE INSERT OR UPDATE row triggers that keep two columns of a table equal while the old and the new app
/// version both write: one names the old column, the other the new one. PL/pgSQL assignments apply the
/// assignment cast, so the same trigger also converts between the types of a retyped column and its shadow.
/// </summary>
internal static class SyncTriggerSql
{
    /// <summary>
    /// Two-way sync for a renamed column. On INSERT the side left NULL takes the other's value (the new side wins
    /// when both are given); on UPDATE the side whose value changed is copied to the other.
    /// </summary>
    public static string CreateTwoWay(string? schema, string table, string oldColumn, string newColumn, string triggerName)
    {
        var o = Quote(oldColumn);
        var n = Quote(newColumn);
        return Create(schema, table, triggerName, $"""
              IF TG_OP = 'INSERT' THEN
                IF NEW.{n} IS NULL THEN
                  NEW.{n} := NEW.{o};
                ELSE
                  NEW.{o} := NEW.{n};
                END IF;
              ELSIF NEW.{n} IS DISTINCT FROM OLD.{n} THEN
                NEW.{o} := NEW.{n};
              ELSIF NEW.{o} IS DISTINCT FROM OLD.{o} THEN
                NEW.{n} := NEW.{o};
              END IF;
            """);
    }

    /// <summary>
    /// One-way sync for a retyped column: both versions write the original column (by its name); the shadow column
    /// of the new type always takes its value, converted: by the assignment cast, or by <paramref name="conversion"/>
    /// (a USING expression over the row's columns), evaluated over the written row (<c>SELECT NEW.*</c> gives its
    /// columns their names, as ALTER COLUMN … USING sees them).
    /// </summary>
    public static string CreateOneWay(string? schema, string table, string sourceColumn, string shadowColumn, string triggerName, string? conversion = null) =>
        Create(schema, table, triggerName, conversion is null
            ? $"""
                  NEW.{Quote(shadowColumn)} := NEW.{Quote(sourceColumn)};
                """
            : $"""
                  NEW.{Quote(shadowColumn)} := (SELECT {conversion} FROM (SELECT NEW.*) AS sm_row);
                """);

    public static string Drop(string? schema, string table, string triggerName) =>
        $"DROP TRIGGER IF EXISTS {Quote(triggerName)} ON {Table(schema, table)};\n" +
        $"DROP FUNCTION IF EXISTS {Quote(SchemaOrDefault(schema))}.{Quote(triggerName)}();";

    private static string Create(string? schema, string table, string triggerName, string body)
    {
        var function = $"{Quote(SchemaOrDefault(schema))}.{Quote(triggerName)}";
        return $"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $sm$
            BEGIN
            {body}
              RETURN NEW;
            END
            $sm$;
            DROP TRIGGER IF EXISTS {Quote(triggerName)} ON {Table(schema, table)};
            CREATE TRIGGER {Quote(triggerName)} BEFORE INSERT OR UPDATE ON {Table(schema, table)}
              FOR EACH ROW EXECUTE FUNCTION {function}();
            """;
    }
}
