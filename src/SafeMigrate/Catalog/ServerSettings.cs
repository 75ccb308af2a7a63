namespace SafeMigrate.Catalog;

/// <summary>
/// What the planner needs to know about the server and the runner's session besides the catalog: a type change that
/// is catalog-only under one setting rewrites, or converts values differently, under another. Read on the runner's
/// own connection, which has the settings the same connection string gives FluentMigrator (SafeMigrate never SETs
/// them): see <c>PostgresCatalog.ReadServerSettingsAsync</c>.
/// </summary>
/// <param name="ServerVersionNum">PostgreSQL's <c>server_version_num</c> (e.g. 150004); 0 when unknown.</param>
/// <param name="TimeZone">The session's <c>TimeZone</c> as <c>SHOW TimeZone</c> prints it (e.g. <c>Etc/UTC</c>), or null when unknown.</param>
internal sealed record ServerSettings(int ServerVersionNum, string? TimeZone);
