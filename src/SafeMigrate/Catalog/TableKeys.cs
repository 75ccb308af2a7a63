namespace SafeMigrate.Catalog;

/// <summary>
/// What identifies a table's rows: its primary key and unique btree indexes (no expression, no predicate, default
/// operator classes), each as its key columns in order, the primary key first. A rollback deletes the rows a release
/// inserted by one of them (<see cref="Operations.InsertDataOperation"/>).
/// </summary>
/// <param name="DeleteActs">A foreign key of another table references this one with ON DELETE CASCADE, SET NULL or SET DEFAULT: deleting a row here would delete or change rows elsewhere.</param>
internal sealed record TableKeys(IReadOnlyList<IReadOnlyList<string>> Keys, bool DeleteActs);
