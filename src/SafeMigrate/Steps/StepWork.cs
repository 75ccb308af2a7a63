namespace SafeMigrate.Steps;

/// <summary>What a step does to the table it touches, as far as the application can tell.</summary>
public enum StepWork
{
    /// <summary>A change of the catalog alone (a nullable column, a view, a trigger, a rename): its lock is held for a moment.</summary>
    CatalogOnly,

    /// <summary>One read of every row under a lock that lets reads and writes go on (a constraint validation): long on a large table.</summary>
    Scan,

    /// <summary>Every row rewritten in one statement (an UPDATE or DELETE of raw SQL, a type change in place that rewrites).</summary>
    Rewrite,

    /// <summary>An index build (concurrent on PostgreSQL, online where the SQL Server edition has it): two scans on PostgreSQL.</summary>
    IndexBuild,

    /// <summary>A batched rewrite of every row, one short transaction per batch.</summary>
    Backfill,

    /// <summary>C# code of the migration's author (<c>Execute.WithConnection</c>): what it touches is unknown.</summary>
    DataFix,
}
