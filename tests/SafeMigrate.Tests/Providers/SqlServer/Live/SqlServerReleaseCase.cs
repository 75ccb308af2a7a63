using FluentMigrator;

namespace SafeMigrate.Tests.Providers.SqlServer.Live;

/// <summary>
/// One operation taken through a release on SQL Server: the migration (applied to the schema of
/// <see cref="SqlServerReleaseCases.BeforeRelease"/>), the old and the new app version, and what must hold after
/// expand and after contract.
/// </summary>
/// <param name="OldClient">Null when the old version does not touch the changed object (only the new one is checked).</param>
/// <param name="Value">The value written for a row id (as text the server converts to the column's type); "v" + id when null.</param>
internal sealed record SqlServerReleaseCase(
    string Name,
    IMigration Migration,
    SqlServerVersionClient? OldClient,
    SqlServerVersionClient NewClient,
    IReadOnlyList<SqlServerCheck> AfterExpand,
    IReadOnlyList<SqlServerCheck> AfterContract,
    Func<int, string>? Value = null)
{
    public IEnumerable<SqlServerCheck> Checks => AfterExpand.Concat(AfterContract);

    public IEnumerable<SqlServerVersionClient> Clients => OldClient is null ? [NewClient] : [OldClient, NewClient];

    public override string ToString() => Name;
}
