using Xunit;

namespace SafeMigrate.Testing;

/// <summary>
/// A test that needs PgBouncer: reported as skipped (never as passed) when the program is not installed. CI installs
/// it (.ci/run), so there these tests always run.
/// </summary>
public sealed class PgBouncerFactAttribute : FactAttribute
{
    public PgBouncerFactAttribute()
    {
        if (ThrowawayPgBouncer.Program is null)
        {
            Skip = "PgBouncer is not installed (apt-get install pgbouncer).";
        }
    }
}
