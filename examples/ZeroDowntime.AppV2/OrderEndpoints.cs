using Npgsql;
using ZeroDowntime.AppV2.Contracts;

namespace ZeroDowntime.AppV2;

/// <summary>Orders as version 2 stores them: columns delivery_note, quantity (bigint) and currency.</summary>
public static class OrderEndpoints
{
    private const string DefaultCurrency = "EUR";

    public static void MapOrders(this WebApplication app)
    {
        app.MapPost("/orders", async (NewOrder order, NpgsqlDataSource database) =>
        {
            await using var command = database.CreateCommand(
                "INSERT INTO orders (customer_id, quantity, delivery_note, currency) VALUES ($1, $2, $3, $4) RETURNING id");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = order.CustomerId });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = order.Quantity });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)order.Note ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = order.Currency ?? DefaultCurrency });
            var id = (long)(await command.ExecuteScalarAsync())!;
            return Results.Created($"/orders/{id}", new Created(id));
        });

        app.MapGet("/orders/{id:long}", async (long id, NpgsqlDataSource database) =>
        {
            await using var command = database.CreateCommand(
                "SELECT customer_id, quantity, delivery_note, currency FROM orders WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return Results.NotFound();
            }

            // GetInt64 reads the column whether it is still an integer (before contract) or already a bigint.
            return Results.Ok(new OrderView(
                id,
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3)));
        });

        app.MapPut("/orders/{id:long}", async (long id, OrderChange change, NpgsqlDataSource database) =>
        {
            await using var command = database.CreateCommand(
                "UPDATE orders SET quantity = $2, delivery_note = $3 WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = change.Quantity });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)change.Note ?? DBNull.Value });
            var updated = await command.ExecuteNonQueryAsync();
            return updated == 1 ? Results.NoContent() : Results.NotFound();
        });
    }
}
