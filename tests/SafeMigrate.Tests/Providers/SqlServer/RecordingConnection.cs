using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using SafeMigrate.Providers.SqlServer;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>One command sent to the recording connection: its text, parameters, and whether it ran inside a transaction.</summary>
internal sealed record RecordedCommand(string Sql, IReadOnlyDictionary<string, object?> Parameters, bool InTransaction);

/// <summary>
/// A DbConnection that runs nothing: it records every command, transaction begin/commit/rollback, and answers with
/// what <see cref="Respond"/> returns (a scalar, a DataTable for readers, an int for non-queries) or throws.
/// </summary>
[SuppressMessage("Design", "CA1010", Justification = "Test double.")]
internal sealed class RecordingConnection : DbConnection
{
    public RecordingConnection()
    {
    }

    /// <summary>A connection that records into lists shared with other connections (one log for a whole run).</summary>
    public RecordingConnection(List<RecordedCommand> commands, List<string> log)
    {
        Commands = commands;
        Log = log;
    }

    public List<RecordedCommand> Commands { get; } = [];

    /// <summary>Everything in order: "BEGIN", "COMMIT", "ROLLBACK" and each command's text.</summary>
    public List<string> Log { get; } = [];

    /// <summary>The commands sent on this connection alone (<see cref="Commands"/> may be shared).</summary>
    public List<RecordedCommand> OwnCommands { get; } = [];

    public bool IsDisposed { get; private set; }

    public Func<RecordedCommand, object?> Respond { get; set; } = _ => null;

    internal RecordingTransaction? Current { get; set; }

    [AllowNull]
    public override string ConnectionString { get; set; } = string.Empty;

    public override string Database => "fake";

    public override string DataSource => "fake";

    public override string ServerVersion => "16.0";

    public override ConnectionState State => ConnectionState.Open;

    public override void ChangeDatabase(string databaseName) { }

    public override void Close() { }

    public override ValueTask DisposeAsync()
    {
        IsDisposed = true;
        return base.DisposeAsync();
    }

    public override void Open() { }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        Log.Add("BEGIN");
        Current = new RecordingTransaction(this);
        return Current;
    }

    protected override DbCommand CreateDbCommand() => new RecordingCommand(this);

    internal object? Run(RecordingCommand command)
    {
        var call = new RecordedCommand(
            command.CommandText,
            command.Parameters.Cast<DbParameter>().ToDictionary(p => p.ParameterName, p => p.Value is DBNull ? null : p.Value),
            command.Transaction is not null);
        Commands.Add(call);
        OwnCommands.Add(call);
        Log.Add(call.Sql);
        return Respond(call);
    }
}

internal sealed class RecordingTransaction(RecordingConnection connection) : DbTransaction
{
    public override IsolationLevel IsolationLevel => IsolationLevel.ReadCommitted;

    protected override DbConnection DbConnection => connection;

    public override void Commit()
    {
        connection.Log.Add("COMMIT");
        connection.Current = null;
    }

    public override void Rollback()
    {
        connection.Log.Add("ROLLBACK");
        connection.Current = null;
    }
}

internal sealed class RecordingCommand(RecordingConnection connection) : DbCommand
{
    [AllowNull]
    public override string CommandText { get; set; } = string.Empty;

    public override int CommandTimeout { get; set; }

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection { get; set; } = connection;

    protected override DbParameterCollection DbParameterCollection { get; } = new RecordingParameters();

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel() { }

    public override int ExecuteNonQuery() => connection.Run(this) is int rows ? rows : 0;

    public override object? ExecuteScalar() => connection.Run(this);

    public override void Prepare() { }

    protected override DbParameter CreateDbParameter() => new RecordingParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
        (connection.Run(this) as DataTable ?? new DataTable()).CreateDataReader();
}

internal sealed class RecordingParameter : DbParameter
{
    public override DbType DbType { get; set; }

    public override ParameterDirection Direction { get; set; }

    public override bool IsNullable { get; set; }

    [AllowNull]
    public override string ParameterName { get; set; } = string.Empty;

    public override int Size { get; set; }

    [AllowNull]
    public override string SourceColumn { get; set; } = string.Empty;

    public override bool SourceColumnNullMapping { get; set; }

    public override object? Value { get; set; }

    public override void ResetDbType() { }
}

internal sealed class RecordingParameters : DbParameterCollection
{
    private readonly List<DbParameter> _items = [];

    public override int Count => _items.Count;

    public override object SyncRoot => _items;

    public override int Add(object value)
    {
        _items.Add((DbParameter)value);
        return _items.Count - 1;
    }

    public override void AddRange(Array values)
    {
        foreach (var value in values)
        {
            Add(value);
        }
    }

    public override void Clear() => _items.Clear();

    public override bool Contains(object value) => _items.Contains((DbParameter)value);

    public override bool Contains(string value) => _items.Any(p => p.ParameterName == value);

    public override void CopyTo(Array array, int index) => ((System.Collections.ICollection)_items).CopyTo(array, index);

    public override System.Collections.IEnumerator GetEnumerator() => _items.GetEnumerator();

    public override int IndexOf(object value) => _items.IndexOf((DbParameter)value);

    public override int IndexOf(string parameterName) => _items.FindIndex(p => p.ParameterName == parameterName);

    public override void Insert(int index, object value) => _items.Insert(index, (DbParameter)value);

    public override void Remove(object value) => _items.Remove((DbParameter)value);

    public override void RemoveAt(int index) => _items.RemoveAt(index);

    public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOf(parameterName));

    protected override DbParameter GetParameter(int index) => _items[index];

    protected override DbParameter GetParameter(string parameterName) => _items[IndexOf(parameterName)];

    protected override void SetParameter(int index, DbParameter value) => _items[index] = value;

    protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOf(parameterName)] = value;
}

/// <summary>Stands for SqlClient's SqlException, which tests cannot construct: a DbException with an error number.</summary>
internal sealed class FakeSqlError(int number) : DbException($"SQL Server error {number}")
{
    public int Number { get; } = number;

    /// <summary>The SQL Server provider's error reading, over the fake's numbers.</summary>
    public static SqlServerErrors Errors { get; } = new(e => (e as FakeSqlError)?.Number);

    public static bool IsLockFailure(Exception e) => Errors.IsLockFailure(e);
}
