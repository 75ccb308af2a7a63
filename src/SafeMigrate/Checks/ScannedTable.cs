using SafeMigrate.Steps;
namespace SafeMigrate.Checks;

/// <summary>A table one step reads in full or rewrites row by row (for the large-table note).</summary>
/// <param name="Work">What the step does to the table, as a noun phrase ("a batched rewrite of every row").</param>
/// <param name="Step">The step's description.</param>
internal sealed record ScannedTable(string Schema, string Table, string Work, string Step);
