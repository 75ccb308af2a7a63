namespace SafeMigrate.Embedded;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl, postgres) a throwaway cluster needs.</summary>
public static class PostgresBinaries
{
    /// <summary>A directory holding initdb, pg_ctl and postgres; it takes precedence over PATH.</summary>
    public const string DirectoryVariable = "SAFEMIGRATE_PG_BIN";

    /// <summary>
    /// The directory of the server programs: <see cref="DirectoryVariable"/>, else the first PATH entry with
    /// <c>initdb</c>, else the newest <c>/usr/lib/postgresql/N/bin</c> (Debian and Ubuntu keep them off PATH).
    /// </summary>
    /// <exception cref="PostgresNotInstalledException">No server programs were found.</exception>
    public static string Locate() => Locate(
        Environment.GetEnvironmentVariable(DirectoryVariable),
        Environment.GetEnvironmentVariable("PATH"),
        "/usr/lib/postgresql");

    internal static string Locate(string? configured, string? path, string debianRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServerPrograms(configured)
                ? configured
                : throw new PostgresNotInstalledException(
                    $"{DirectoryVariable} is '{configured}', but initdb, pg_ctl and postgres are not all in it.");
        }

        foreach (var directory in (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (HasServerPrograms(directory))
            {
                return directory;
            }
        }

        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Directory: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => HasServerPrograms(d.Directory))
                .OrderByDescending(d => d.Major)
                .FirstOrDefault();
            if (newest.Directory is not null)
            {
                return newest.Directory;
            }
        }

        throw new PostgresNotInstalledException(
            "PostgreSQL server programs (initdb, pg_ctl, postgres) were not found on PATH. Install them " +
            "(Debian/Ubuntu: 'apt-get install postgresql'; macOS: 'brew install postgresql@15'), or set " +
            $"{DirectoryVariable} to their directory, or give a connection to an existing server instead.");
    }

    private static bool HasServerPrograms(string directory) =>
        new[] { "initdb", "pg_ctl", "postgres" }.All(program => File.Exists(Path.Combine(directory, program)));
}
