namespace SafeMigrate.FluentMigrator;

/// <summary>The phase an author gives raw SQL that SafeMigrate cannot classify by itself.</summary>
public enum DeclaredPhase
{
    /// <summary>Runs while the old version serves traffic: must only add what the old version ignores.</summary>
    Expand,

    /// <summary>Runs once the old version is gone: may remove what only the old version needed.</summary>
    Contract,
}
