using System.Data.Common;
using System.Text.RegularExpressions;

namespace SafeMigrate.Connections;

/// <summary>Keeps secrets of connection strings out of every message, log line and output.</summary>
public static partial class ConnectionStrings
{
    /// <summary>The environment variable read when no connection is given on the command line.</summary>
    public const string EnvironmentVariable = "SAFEMIGRATE_CONNECTION";

    private static readonly string[] SecretKeys = ["password", "pwd", "passfile", "ssl password", "sslpassword", "access token"];

    /// <summary>The connection string with every secret value replaced by <c>***</c>.</summary>
    public static string Redact(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            // Unparseable: hide anything that looks like a password assignment.
            return PasswordAssignment().Replace(connectionString, "$1=***");
        }

        foreach (var key in builder.Keys.Cast<string>().ToList())
        {
            if (SecretKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                builder[key] = "***";
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>Removes the secrets of <paramref name="connectionString"/> from an arbitrary text (an error message, say).</summary>
    public static string RedactSecrets(string text, string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return text;
        }

        text = text.Replace(connectionString, Redact(connectionString), StringComparison.Ordinal);
        foreach (var secret in Secrets(connectionString))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return PasswordAssignment().Replace(text, "$1=***");
    }

    private static IEnumerable<string> Secrets(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            yield break;
        }

        foreach (var key in builder.Keys.Cast<string>())
        {
            // Very short values ("a") would blank out unrelated text; they are hidden by the key pattern instead.
            if (SecretKeys.Contains(key, StringComparer.OrdinalIgnoreCase) && builder[key]?.ToString() is { Length: >= 3 } value)
            {
                yield return value;
            }
        }
    }

    [GeneratedRegex(@"(?i)\b(password|pwd)\s*=\s*('[^']*'|""[^""]*""|[^;]*)")]
    private static partial Regex PasswordAssignment();
}
