using System.Globalization;
using Xunit;

namespace SafeMigrate.Testing;

/// <summary>
/// A test that sends SIGINT to a child process: reported as skipped (never as passed) when this process inherited
/// SIGINT ignored, as every job a non-interactive shell starts with <c>&amp;</c> does (POSIX: such jobs ignore SIGINT and
/// SIGQUIT, and exec keeps an ignored signal ignored), because the child then cannot receive Ctrl-C at all.
/// </summary>
public sealed class SigintFactAttribute : FactAttribute
{
    public SigintFactAttribute()
    {
        if (SigintIgnored())
        {
            Skip = "SIGINT is ignored by this test process (started as a background job of a non-interactive shell), so no child can receive it.";
        }
    }

    private static bool SigintIgnored()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return false;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        // Bit n-1 of the mask stands for signal n; SIGINT is 2.
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x2) != 0;
    }
}
