using Npgsql;
using SafeMigrate.Planning;

namespace SafeMigrate.Bench.Backfill;

/// <summary>What the figures were measured on.</summary>
internal sealed record MachineInfo(int Cores, string Cpu, string Memory, string PostgresVersion, string ServerSettings)
{
    public static async Task<MachineInfo> ReadAsync(string connectionString)
    {
        var cpu = ReadProcField("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memoryKb = ReadProcField("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var memory = long.TryParse(memoryKb, out var kb) ? $"{kb / 1024.0 / 1024.0:0.#} GiB" : "unknown";

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT current_setting('server_version'),
                   string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name)
            FROM pg_settings
            WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'wal_level', 'autovacuum')
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new MachineInfo(Environment.ProcessorCount, cpu, memory, reader.GetString(0), reader.GetString(1));
    }

    private static string? ReadProcField(string path, string field)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Where(line => line.StartsWith(field, StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
