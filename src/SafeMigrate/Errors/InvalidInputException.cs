namespace SafeMigrate.Errors;

/// <summary>Bad usage or input: a missing or invalid assembly, no migrations, a malformed connection string, an unknown provider.</summary>
public sealed class InvalidInputException(string message, Exception? innerException = null)
    : SafeMigrateException(message, innerException);
