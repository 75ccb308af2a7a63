namespace SafeMigrate.Errors;

/// <summary>
/// SafeMigrate's state in the database is not one this version can act on: a phase it does not know, a checkpoint or
/// expand record that does not parse, or a migration in progress that the given migrations do not contain. Found
/// before anything runs, so nothing was changed; the CLI exits 1, as for any refusal for the database's state.
/// </summary>
public sealed class InvalidStateException(string message, Exception? innerException = null)
    : SafeMigrateException(message, innerException);
