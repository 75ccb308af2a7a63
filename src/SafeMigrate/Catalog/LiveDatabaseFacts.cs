using SafeMigrate.State;

namespace SafeMigrate.Catalog;

/// <summary>What a live check reads from the server: its version, SafeMigrate's state and table sizes. Reads only.</summary>
internal sealed record LiveDatabaseFacts(
    int ServerVersionNumber,
    string ServerVersion,
    IReadOnlyDictionary<long, MigrationPhase> Phases,
    IReadOnlyDictionary<long, (int StepsDone, string? RunningStep)> Steps,
    IReadOnlyDictionary<(string Schema, string Table), long> RowEstimates);
