using Npgsql;
using ZeroDowntime.AppV1.Contracts;

namespace ZeroDowntime.AppV1;

/// <summary>Customers as version 1 stores them: table customers.</summary>
public static class CustomerEndpoints
{
    public static void MapCustomers(this WebApplication app)
    {
        app.MapPost("/customers", async (NewCustomer customer, NpgsqlDataSource database) =>
        {
            await using var command = database.CreateCommand(
                "INSERT INTO customers (name, email) VALUES ($1, $2) RETURNING id");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = customer.Name });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)customer.Email ?? DBNull.Value });
            var id = (long)(await command.ExecuteScalarAsync())!;
            return Results.Created($"/customers/{id}", new Created(id));
        });

        app.MapGet("/customers/{id:long}", async (long id, NpgsqlDataSource database) =>
        {
            await using var command = database.CreateCommand("SELECT name, email FROM customers WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return Results.NotFound();
            }

            return Results.Ok(new CustomerView(id, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        });

        app.MapPut("/customers/{id:long}", async (long id, NewCustomer customer, NpgsqlDataSource database) =>
        {
            await using var command = database.CreateCommand("UPDATE customers SET name = $2, email = $3 WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = customer.Name });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)customer.Email ?? DBNull.Value });
            var updated = await command.ExecuteNonQueryAsync();
            return updated == 1 ? Results.NoContent() : Results.NotFound();
        });
    }
}
