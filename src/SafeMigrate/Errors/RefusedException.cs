namespace SafeMigrate.Errors;

/// <summary>The command does not fit the database's state (for example contract before expand), or check found blocking hazards.</summary>
public sealed class RefusedException(string message, Exception? innerException = null)
    : SafeMigrateException(message, innerException);
