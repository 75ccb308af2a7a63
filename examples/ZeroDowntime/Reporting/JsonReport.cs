using System.Text.Json;

namespace ZeroDowntime.Reporting;

/// <summary>Writes the report as JSON: { "settings", "safeMigrate", "safeMigrateInTheApp", "plainFluentMigrator", "schemaDifferences", "schemaDifferencesInTheApp", "proofHeld", "verdict" }.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(string path, ReleaseReport report)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, Options);
    }
}
