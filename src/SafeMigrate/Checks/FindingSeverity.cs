namespace SafeMigrate.Checks;

/// <summary>How much a finding matters; only errors fail <c>check</c>. The names are SARIF's levels.</summary>
public enum FindingSeverity
{
    /// <summary>SafeMigrate cannot make this safe: the release must change before it is deployed.</summary>
    Error,

    /// <summary>Safe to deploy, but something needs a person's attention first (a run to resume, say).</summary>
    Warning,

    /// <summary>Information: how long a step may take, for instance.</summary>
    Note,
}
