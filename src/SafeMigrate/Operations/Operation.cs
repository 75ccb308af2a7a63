using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// One change of a migration, split for a zero-downtime release. Each method returns steps as data; the executor
/// runs them. Expand must leave everything the old app version uses working; contract removes what only the
/// old version needed; rollback undoes expand (it must work after a partial expand too).
/// </summary>
internal abstract class Operation
{
    /// <summary>What the change is, in the author's terms (e.g. "rename column users.email to email_address").</summary>
    public abstract string Description { get; }

    public virtual IReadOnlyList<Step> Expand() => [];

    public virtual IReadOnlyList<Step> Contract() => [];

    public virtual IReadOnlyList<Step> Rollback() => [];
}
