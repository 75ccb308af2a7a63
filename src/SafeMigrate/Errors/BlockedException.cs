namespace SafeMigrate.Errors;

/// <summary>Another run holds the migration lock, or lock-timeout retries were exhausted; trying again later is the remedy.</summary>
public sealed class BlockedException(string message, Exception? innerException = null)
    : SafeMigrateException(message, innerException);
