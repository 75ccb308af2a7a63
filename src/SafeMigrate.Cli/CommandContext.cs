using System.CommandLine;
using SafeMigrate.Connections;
using SafeMigrate.Errors;
using SafeMigrate.Loading;

namespace SafeMigrate.Cli;

/// <summary>What a command needs from the parsed command line, resolved once: streams, connection, provider.</summary>
internal sealed class CommandContext(ParseResult parseResult, TextWriter output, TextWriter error)
{
    public ParseResult ParseResult { get; } = parseResult;

    /// <summary>Data (plans, findings, status) goes here.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Progress and logs go here.</summary>
    public TextWriter Error { get; } = error;

    public bool Verbose => ParseResult.GetValue(CommonOptions.Verbose);

    /// <summary>Set once a connection string is resolved, so every error message can hide its secrets.</summary>
    public string? ConnectionString { get; private set; }

    /// <summary>The -c value, else <c>SAFEMIGRATE_CONNECTION</c>, else null.</summary>
    public string? OptionalConnection(Option<string?> option)
    {
        var value = ParseResult.GetValue(option);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Environment.GetEnvironmentVariable(ConnectionStrings.EnvironmentVariable);
        }

        ConnectionString = string.IsNullOrWhiteSpace(value) ? null : value;
        return ConnectionString;
    }

    public string RequiredConnection(Option<string?> option) =>
        OptionalConnection(option) ?? throw new InvalidInputException(
            $"No connection given: pass -c <connection> or set {ConnectionStrings.EnvironmentVariable}.");

    /// <summary>
    /// -p when given, else inferred from the connection string; neither is bad input (exit 2), even for an offline plan or
    /// check: PostgreSQL and SQL Server plans differ, and a silent default would gate a SQL Server project with PostgreSQL's.
    /// </summary>
    public DatabaseProvider ResolveProvider(Option<string?> option, string? connectionString)
    {
        var name = ParseResult.GetValue(option);
        if (!string.IsNullOrWhiteSpace(name))
        {
            return DatabaseProviders.Parse(name);
        }

        if (connectionString is not null)
        {
            return DatabaseProviders.InferFromConnectionString(connectionString);
        }

        throw new InvalidInputException(
            "No provider: pass -p postgres or -p sqlserver, or a connection string to infer it from.");
    }
}
