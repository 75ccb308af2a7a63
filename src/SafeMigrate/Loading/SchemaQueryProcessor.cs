using System.Data;
using FluentMigrator;
using FluentMigrator.Expressions;

namespace SafeMigrate.Loading;

/// <summary>
/// The processor a migration's <c>Up()</c> sees while SafeMigrate collects its expressions: FluentMigrator's
/// connectionless processor of the provider (so <c>IfDatabase(..)</c> resolves by its id and aliases), except that
/// schema queries are answered by <see cref="ISchemaQueries"/> instead of failing for want of a connection. Nothing is
/// executed: every other member forwards to the connectionless processor, which only records.
/// </summary>
internal sealed class SchemaQueryProcessor(IMigrationProcessor connectionless, ISchemaQueries schema) : IMigrationProcessor
{
    public string DatabaseType => connectionless.DatabaseType;

    public IList<string> DatabaseTypeAliases => connectionless.DatabaseTypeAliases;

    public bool SchemaExists(string schemaName) => schema.SchemaExists(schemaName);

    public bool TableExists(string schemaName, string tableName) => schema.TableExists(schemaName, tableName);

    public bool ColumnExists(string schemaName, string tableName, string columnName) => schema.ColumnExists(schemaName, tableName, columnName);

    public bool ConstraintExists(string schemaName, string tableName, string constraintName) => schema.ConstraintExists(schemaName, tableName, constraintName);

    public bool IndexExists(string schemaName, string tableName, string indexName) => schema.IndexExists(schemaName, tableName, indexName);

    public bool SequenceExists(string schemaName, string sequenceName) => schema.SequenceExists(schemaName, sequenceName);

    public bool DefaultValueExists(string schemaName, string tableName, string columnName, object defaultValue) =>
        schema.DefaultValueExists(schemaName, tableName, columnName, defaultValue);

    public void Execute(string sql) => connectionless.Execute(sql);

    public void Execute(string template, params object[] args) => connectionless.Execute(template, args);

    public DataSet ReadTableData(string schemaName, string tableName) => connectionless.ReadTableData(schemaName, tableName);

    public DataSet Read(string template, params object[] args) => connectionless.Read(template, args);

    public bool Exists(string template, params object[] args) => connectionless.Exists(template, args);

    public void BeginTransaction() => connectionless.BeginTransaction();

    public void CommitTransaction() => connectionless.CommitTransaction();

    public void RollbackTransaction() => connectionless.RollbackTransaction();

    public void Process(CreateSchemaExpression expression) => connectionless.Process(expression);

    public void Process(DeleteSchemaExpression expression) => connectionless.Process(expression);

    public void Process(AlterTableExpression expression) => connectionless.Process(expression);

    public void Process(AlterColumnExpression expression) => connectionless.Process(expression);

    public void Process(CreateTableExpression expression) => connectionless.Process(expression);

    public void Process(CreateColumnExpression expression) => connectionless.Process(expression);

    public void Process(DeleteTableExpression expression) => connectionless.Process(expression);

    public void Process(DeleteColumnExpression expression) => connectionless.Process(expression);

    public void Process(CreateForeignKeyExpression expression) => connectionless.Process(expression);

    public void Process(DeleteForeignKeyExpression expression) => connectionless.Process(expression);

    public void Process(CreateIndexExpression expression) => connectionless.Process(expression);

    public void Process(DeleteIndexExpression expression) => connectionless.Process(expression);

    public void Process(RenameTableExpression expression) => connectionless.Process(expression);

    public void Process(RenameColumnExpression expression) => connectionless.Process(expression);

    public void Process(InsertDataExpression expression) => connectionless.Process(expression);

    public void Process(AlterDefaultConstraintExpression expression) => connectionless.Process(expression);

    public void Process(PerformDBOperationExpression expression) => connectionless.Process(expression);

    public void Process(DeleteDataExpression expression) => connectionless.Process(expression);

    public void Process(UpdateDataExpression expression) => connectionless.Process(expression);

    public void Process(AlterSchemaExpression expression) => connectionless.Process(expression);

    public void Process(CreateSequenceExpression expression) => connectionless.Process(expression);

    public void Process(DeleteSequenceExpression expression) => connectionless.Process(expression);

    public void Process(CreateConstraintExpression expression) => connectionless.Process(expression);

    public void Process(DeleteConstraintExpression expression) => connectionless.Process(expression);

    public void Process(DeleteDefaultConstraintExpression expression) => connectionless.Process(expression);

    // The connectionless processor belongs to the host's scope, which disposes it.
    public void Dispose()
    {
    }
}
