namespace ZeroDowntime;

/// <summary>How traffic moves from app v1 to app v2.</summary>
public enum Rollout
{
    /// <summary>v2 starts, the proxy switches every new request to it at once, v1 is stopped.</summary>
    BlueGreen,

    /// <summary>
    /// v2 starts and both versions serve side by side for a phase (each request to either), then the proxy
    /// switches to v2 and v1 is stopped: every row is written and read through both versions.
    /// </summary>
    Rolling,
}
