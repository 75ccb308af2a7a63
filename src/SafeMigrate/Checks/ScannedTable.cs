namespace SafeMigrate.Checks;

/// <summary>A table one step reads in full or rewrites row by row, and how (for the large-table note).</summary>
public sealed record ScannedTable(string Schema, string Table, string How);
