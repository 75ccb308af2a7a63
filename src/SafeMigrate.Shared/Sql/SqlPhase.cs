namespace SafeMigrate.Sql
{
    /// <summary>
    /// The release phase a statement can be placed in from its first words alone: an addition nothing of the old version
    /// can notice (expand), a removal of an object the old version may still use (contract), or neither (the author must
    /// declare it).
    /// </summary>
    internal enum SqlPhase
    {
        Unknown,
        Expand,
        Contract,
    }
}
