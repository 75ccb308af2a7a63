namespace SafeMigrate.Testing;

/// <summary>
/// Marks a test class as version-sensitive: <c>.ci/pg-versions.sh</c> runs every class carrying
/// <c>[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]</c> once more on each PostgreSQL major
/// other than the one on PATH (12, 13, 14, 16, 17, 18), pointing <c>SAFEMIGRATE_PG_BIN</c> at that version's
/// server programs. The filter is <c>dotnet test --filter PostgresVersions=Matrix</c>.
/// </summary>
/// <remarks>
/// Mark what depends on the server's locks, catalogs or SQL: the release harness (every operation through
/// expand → rollback → expand → contract), the backfill tests, the CLI black-box release and the version tests.
/// Pure planning or parsing tests stay on the full suite only.
/// </remarks>
public static class PostgresVersionMatrix
{
    public const string Trait = "PostgresVersions";

    public const string Member = "Matrix";
}
