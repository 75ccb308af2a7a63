namespace SafeMigrate.Errors;

/// <summary>The database could not be reached or a statement failed; state already recorded stays, and the same command resumes.</summary>
public sealed class DatabaseFailureException(string message, Exception? innerException = null)
    : SafeMigrateException(message, innerException);
