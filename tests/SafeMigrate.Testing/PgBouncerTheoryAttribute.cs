using Xunit;

namespace SafeMigrate.Testing;

/// <summary>A theory that needs PgBouncer: skipped, never passed, when the program is not installed (see <see cref="PgBouncerFactAttribute"/>).</summary>
public sealed class PgBouncerTheoryAttribute : TheoryAttribute
{
    public PgBouncerTheoryAttribute()
    {
        if (ThrowawayPgBouncer.Program is null)
        {
            Skip = "PgBouncer is not installed (apt-get install pgbouncer).";
        }
    }
}
