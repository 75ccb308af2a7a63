using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using ZeroDowntime.AppV2;
using ZeroDowntime.AppV2.Contracts;

// Version 2 of the shop. Run: dotnet ZeroDowntime.AppV2.dll --urls http://127.0.0.1:5002
// with the connection string in ConnectionStrings__Shop. On SIGTERM, ASP.NET Core stops accepting
// connections and lets requests in flight finish before the process exits.
const string Version = "2";

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Shop")
    ?? throw new InvalidOperationException("Set the connection string ConnectionStrings__Shop.");

// The application name lets operators (and safe-migrate contract --wait-for-drain) see this version's sessions.
var connection = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "zerodowntime-v" + Version };
builder.Services.AddSingleton(NpgsqlDataSource.Create(connection.ConnectionString));

var app = builder.Build();

// A failed request answers 500 with the database's message, so the driver can say why requests failed.
app.UseExceptionHandler(failed => failed.Run(async context =>
{
    var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
    await context.Response.WriteAsJsonAsync(new Failure(error?.Message ?? "unknown error"));
}));

// Tells the driver which version served a request (which decides, for instance, what currency an order got).
app.Use((context, next) =>
{
    context.Response.OnStarting(() =>
    {
        context.Response.Headers["X-App-Version"] = Version;
        return Task.CompletedTask;
    });
    return next(context);
});

app.MapGet("/health", async (NpgsqlDataSource database) =>
{
    await using var command = database.CreateCommand("SELECT 1");
    await command.ExecuteScalarAsync();
    return Results.Ok(new { version = Version });
});

app.MapOrders();
app.MapCustomers();

app.Run();
