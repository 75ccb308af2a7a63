using System.Security.Cryptography;
using System.Text;

namespace SafeMigrate.Dialects;

/// <summary>
/// Names of the objects SafeMigrate creates (shadow columns, triggers, checks, copies of indexes). They start with
/// <c>_sm_</c> and end with a hash of what they serve, so they cannot clash with user objects and stay far below
/// PostgreSQL's 63-byte identifier limit (longer names are silently truncated, which could make two collide) and
/// SQL Server's 128 characters. The schema is passed already defaulted (<c>public</c>, <c>dbo</c>).
/// </summary>
internal static class SafeMigrateNames
{
    public const string Prefix = "_sm_";

    public static string For(string kind, params string?[] parts)
    {
        var text = string.Join("\u001f", parts.Select(p => p ?? string.Empty));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12].ToLowerInvariant();
        return $"{Prefix}{kind}_{hash}";
    }

    public static string ShadowColumn(string schema, string table, string column) => For("new", schema, table, column);

    public static string SyncTrigger(string schema, string table, string column) => For("sync", schema, table, column);

    public static string NotNullCheck(string schema, string table, string column) => For("nn", schema, table, column);
}
