namespace SafeMigrate.Backfill;

/// <summary>
/// Reported after each committed batch.
/// </summary>
/// <param name="RowsDone">Rows the batches have walked over so far (updated or skipped by the predicate), counting earlier runs when resumed.</param>
/// <param name="RowsTotal">
/// The planner's estimate of the table's rows (<c>pg_class.reltuples</c>, no count scan), never below <paramref name="RowsDone"/>,
/// equal to it in the last report; null when the table was never analyzed.
/// </param>
/// <param name="RowsPerSecond">Rows walked per second by this run.</param>
public sealed record BackfillProgress(long RowsDone, long? RowsTotal, double RowsPerSecond);
