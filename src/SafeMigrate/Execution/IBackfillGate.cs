using System.Data.Common;

namespace SafeMigrate.Execution;

/// <summary>
/// One reason for a backfill to wait before its next batch (the load query, a lagging replica). Asked between batches,
/// with no transaction open on the work connection, so a waiting backfill holds no lock. <see cref="BackfillGates"/>
/// asks each gate in turn and does the waiting, the logging and the telemetry.
/// </summary>
internal interface IBackfillGate : IAsyncDisposable
{
    /// <summary>A short name for logs and the <c>safemigrate.throttle.reason</c> tag: <c>load</c>, <c>replica-lag</c>.</summary>
    string Reason { get; }

    /// <summary>Checked once before a command changes anything: what cannot be asked is bad input (exit 2).</summary>
    /// <exception cref="Errors.InvalidInputException">The gate's query or connections do not work.</exception>
    Task ValidateAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Why the backfill must wait now (one phrase for the log), or null to go on.</summary>
    Task<string?> WhyWaitAsync(DbConnection connection, CancellationToken ct);
}
