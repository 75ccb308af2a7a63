namespace SafeMigrate.Backfill;

/// <summary>
/// The outcome of a finished backfill. Counts cover the whole backfill, earlier interrupted runs included, so a resumed
/// backfill reports what an uninterrupted one would have.
/// </summary>
/// <param name="RowsUpdated">Rows the UPDATE changed (rows excluded by the predicate are not counted).</param>
/// <param name="Batches">Committed batches.</param>
/// <param name="Resumed">True when this run continued from a stored checkpoint.</param>
internal sealed record BackfillResult(long RowsUpdated, int Batches, bool Resumed);
