using SafeMigrate.Errors;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// The server a SQL Server plan is written for: its edition and major version (13 = 2016, 14 = 2017, 15 = 2019,
/// 16 = 2022, 17 = 2025), read once per run from <c>SERVERPROPERTY</c>, or given for an offline plan. Every choice
/// between an online and a blocking form of a statement is made here, in one place.
/// </summary>
public sealed record SqlServerTarget(SqlServerEdition Edition, int MajorVersion)
{
    /// <summary>Standard edition of SQL Server 2016: nothing online, no resumable or low-priority options. The default of an offline plan.</summary>
    public static SqlServerTarget MostConservative { get; } = new(SqlServerEdition.Standard, 13);

    /// <summary>The edition and product-year names the command line accepts.</summary>
    public static IReadOnlyList<string> EditionNames { get; } = ["standard", "enterprise", "developer", "express", "azure", "managed-instance"];

    public static IReadOnlyList<int> VersionYears { get; } = [2016, 2017, 2019, 2022, 2025];

    public bool IsAzure => Edition is SqlServerEdition.AzureSqlDatabase or SqlServerEdition.AzureSqlManagedInstance;

    /// <summary>
    /// <c>ONLINE = ON</c> for index builds, unique and primary-key constraints: Enterprise/Developer and Azure only.
    /// Standard and Express build under a shared table lock (nonclustered) or Sch-M (clustered): writes wait.
    /// </summary>
    public bool OnlineIndexOperations => Edition is SqlServerEdition.Enterprise || IsAzure;

    /// <summary><c>RESUMABLE = ON</c> on CREATE INDEX: SQL Server 2019 (15) and Azure, online only (2017 had it for rebuilds alone).</summary>
    public bool ResumableIndexCreation => OnlineIndexOperations && (IsAzure || MajorVersion >= 15);

    /// <summary><c>WAIT_AT_LOW_PRIORITY</c> on CREATE INDEX: SQL Server 2022 (16) and Azure; before, only on ALTER INDEX REBUILD and SWITCH.</summary>
    public bool LowPriorityWaitOnCreateIndex => OnlineIndexOperations && (IsAzure || MajorVersion >= 16);

    /// <summary><c>ALTER TABLE … ALTER COLUMN … WITH (ONLINE = ON)</c>: SQL Server 2016 Enterprise and Azure.</summary>
    public bool OnlineAlterColumn => OnlineIndexOperations && (IsAzure || MajorVersion >= 13);

    /// <summary>
    /// Adding a NOT NULL column with a runtime-constant default only writes metadata on Enterprise (2012+) and Azure;
    /// Standard and Express write the value into every row under Sch-M.
    /// </summary>
    public bool AddsNotNullColumnWithDefaultAsMetadata => OnlineIndexOperations;

    public string Name => IsAzure
        ? Edition == SqlServerEdition.AzureSqlDatabase ? "Azure SQL Database" : "Azure SQL Managed Instance"
        : $"SQL Server {YearOf(MajorVersion)} {Edition}";

    public override string ToString() => Name;

    /// <summary>From <c>SERVERPROPERTY('EngineEdition')</c> and the major part of <c>SERVERPROPERTY('ProductVersion')</c>.</summary>
    public static SqlServerTarget FromServerProperties(int engineEdition, int majorVersion) => new(
        engineEdition switch
        {
            3 => SqlServerEdition.Enterprise,
            4 => SqlServerEdition.Express,
            5 => SqlServerEdition.AzureSqlDatabase,
            8 => SqlServerEdition.AzureSqlManagedInstance,
            // 1 (Personal/Desktop), 2 (Standard) and anything unknown: assume nothing runs online.
            _ => SqlServerEdition.Standard,
        },
        majorVersion);

    /// <summary>Parses the command line's <c>--sqlserver-edition</c> and <c>--sqlserver-version</c>; null keeps the conservative default.</summary>
    /// <exception cref="InvalidInputException">An unknown edition or version.</exception>
    public static SqlServerTarget Parse(string? edition, string? version)
    {
        var parsedEdition = string.IsNullOrWhiteSpace(edition) ? MostConservative.Edition : edition.Trim().ToLowerInvariant() switch
        {
            "standard" => SqlServerEdition.Standard,
            "enterprise" or "developer" => SqlServerEdition.Enterprise,
            "express" => SqlServerEdition.Express,
            "azure" or "azure-sql" or "azuresql" or "azure-sql-database" => SqlServerEdition.AzureSqlDatabase,
            "managed-instance" or "azure-managed-instance" or "mi" => SqlServerEdition.AzureSqlManagedInstance,
            _ => throw new InvalidInputException($"Unknown SQL Server edition '{edition}': use one of {string.Join(", ", EditionNames)}."),
        };
        var major = MostConservative.MajorVersion;
        if (!string.IsNullOrWhiteSpace(version))
        {
            major = int.TryParse(version.Trim(), out var year) ? MajorOf(year) : -1;
            if (major < 0)
            {
                throw new InvalidInputException($"Unknown SQL Server version '{version}': use one of {string.Join(", ", VersionYears)}.");
            }
        }

        return new SqlServerTarget(parsedEdition, major);
    }

    private static int MajorOf(int year) => year switch
    {
        2016 => 13,
        2017 => 14,
        2019 => 15,
        2022 => 16,
        2025 => 17,
        _ => -1,
    };

    private static string YearOf(int major) => major switch
    {
        13 => "2016",
        14 => "2017",
        15 => "2019",
        16 => "2022",
        17 => "2025",
        _ => $"(version {major})",
    };
}
