using SafeMigrate.Errors;
using SafeMigrate.Loading;
using Xunit;

namespace SafeMigrate.Tests.Loading;

public class DatabaseProvidersTests
{
    [Theory]
    [InlineData("postgres", DatabaseProvider.Postgres)]
    [InlineData("PostgreSQL", DatabaseProvider.Postgres)]
    [InlineData("sqlserver", DatabaseProvider.SqlServer)]
    [InlineData("mssql", DatabaseProvider.SqlServer)]
    public void Parse_KnownNames(string name, DatabaseProvider expected) =>
        Assert.Equal(expected, DatabaseProviders.Parse(name));

    [Fact]
    public void Parse_UnknownName_ListsTheValidOnes()
    {
        var error = Assert.Throws<InvalidInputException>(() => DatabaseProviders.Parse("oracle"));
        Assert.Equal("Unknown provider 'oracle': use one of postgres, sqlserver.", error.Message);
    }

    [Theory]
    [InlineData("Host=db;Username=app;Password=secret;Database=shop", DatabaseProvider.Postgres)]
    [InlineData("Server=db;Port=5432;User Id=app;Database=shop", DatabaseProvider.Postgres)]
    [InlineData("Server=tcp:db,1433;Initial Catalog=shop;User ID=app;Password=x;Encrypt=True", DatabaseProvider.SqlServer)]
    [InlineData("Data Source=.;Integrated Security=true", DatabaseProvider.SqlServer)]
    public void InferFromConnectionString_ByKeywords(string connectionString, DatabaseProvider expected) =>
        Assert.Equal(expected, DatabaseProviders.InferFromConnectionString(connectionString));

    [Fact]
    public void InferFromConnectionString_Ambiguous_AsksForProvider()
    {
        var error = Assert.Throws<InvalidInputException>(() => DatabaseProviders.InferFromConnectionString("Server=db;Database=shop"));
        Assert.Contains("-p postgres", error.Message);
    }

    [Fact]
    public void InferFromConnectionString_Malformed_IsInvalidInput()
    {
        var error = Assert.Throws<InvalidInputException>(() => DatabaseProviders.InferFromConnectionString("Host='unterminated"));
        Assert.Contains("malformed", error.Message);
    }
}
