namespace SafeMigrate.Errors;

/// <summary>
/// Base of every failure SafeMigrate reports to its caller. The message is one sentence a user can act on;
/// the CLI maps each subclass to one documented exit code.
/// </summary>
public abstract class SafeMigrateException : Exception
{
    protected SafeMigrateException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
