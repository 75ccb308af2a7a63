using System.Text.RegularExpressions;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Model;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Generators;
using Microsoft.Extensions.DependencyInjection;

namespace SafeMigrate.Dialects;

/// <summary>
/// The SQL one of FluentMigrator's own generators writes for an expression. Steps that run an expression "as is" use
/// exactly this text, so the schema after contract equals what a plain FluentMigrator run produces (type names,
/// default names, constraint syntax). Each dialect says which generator and how to read a column type back from it.
/// </summary>
internal abstract class FluentMigratorSql : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IServiceScope _scope;
    private readonly IMigrationGenerator _generator;

    protected FluentMigratorSql(Action<IMigrationRunnerBuilder> addProcessor)
    {
        _services = new ServiceCollection()
            .AddLogging()
            .AddFluentMigratorCore()
            .ConfigureRunner(addProcessor)
            .BuildServiceProvider(validateScopes: false);
        _scope = _services.CreateScope();
        _generator = _scope.ServiceProvider.GetRequiredService<IGeneratorAccessor>().Generator;
    }

    /// <summary>Reads the type out of the generated <c>ADD c type</c> of a nullable copy named <c>c</c>; group "type".</summary>
    protected abstract Regex AddColumnType { get; }

    /// <summary>Reads the SET clause out of the generated all-rows UPDATE; group "set".</summary>
    protected abstract Regex UpdateSet { get; }

    /// <summary>The statement(s) for <paramref name="expression"/>, trimmed.</summary>
    public string Generate(IMigrationExpression expression)
    {
        // The generator has one Generate overload per expression type; dispatch on the runtime type.
        string sql = ((dynamic)_generator).Generate((dynamic)expression);
        return sql.Trim();
    }

    /// <summary><c>ALTER TABLE … ADD column type</c> for a copy of <paramref name="column"/> under another name, nullable and (unless kept) without default.</summary>
    public string AddNullableColumn(string? schema, string table, ColumnDefinition column, string name, bool keepDefault = false)
    {
        var copy = (ColumnDefinition)column.Clone();
        copy.Name = name;
        copy.TableName = table;
        copy.IsNullable = true;
        copy.IsPrimaryKey = false;
        copy.IsIdentity = false;
        copy.IsUnique = false;
        copy.IsIndexed = false;
        copy.ForeignKey = null;
        if (!keepDefault)
        {
            copy.DefaultValue = new ColumnDefinition.UndefinedDefaultValue();
        }

        copy.ModificationType = ColumnModificationType.Create;
        return Generate(new CreateColumnExpression { SchemaName = schema, TableName = table, Column = copy });
    }

    /// <summary>The column type as FluentMigrator writes it (e.g. <c>varchar(100)</c>, <c>NVARCHAR(100)</c>), read from the ADD COLUMN it generates.</summary>
    public string ColumnType(string? schema, string table, ColumnDefinition column)
    {
        var sql = AddNullableColumn(schema, table, column, "c");
        var match = AddColumnType.Match(sql);
        return match.Success ? match.Groups["type"].Value.Trim() : throw new InvalidOperationException($"Cannot read the column type from: {sql}");
    }

    /// <summary>The default expression FluentMigrator writes for the column's default (e.g. <c>uuid_generate_v4()</c>, <c>NEWID()</c>), or null.</summary>
    public string? DefaultExpression(string? schema, string table, ColumnDefinition column)
    {
        if (column.DefaultValue is ColumnDefinition.UndefinedDefaultValue || column.DefaultValue is null)
        {
            return null;
        }

        var sql = AddNullableColumn(schema, table, column, "c", keepDefault: true);
        var index = sql.IndexOf(" DEFAULT ", StringComparison.Ordinal);
        return index < 0 ? null : sql[(index + " DEFAULT ".Length)..].TrimEnd(';', ' ');
    }

    /// <summary>The SET clause FluentMigrator writes for an update (<c>"a" = 1, "b" = 'x'</c>).</summary>
    public string SetClause(UpdateDataExpression expression)
    {
        var sql = Generate(new UpdateDataExpression
        {
            SchemaName = expression.SchemaName,
            TableName = expression.TableName,
            Set = expression.Set,
            IsAllRows = true,
        });
        var match = UpdateSet.Match(sql);
        return match.Success ? match.Groups["set"].Value : throw new InvalidOperationException($"Cannot read the SET clause from: {sql}");
    }

    public void Dispose()
    {
        _scope.Dispose();
        _services.Dispose();
        GC.SuppressFinalize(this);
    }
}
