using Npgsql;
using ZeroDowntime.AppV1.Contracts;

namespace ZeroDowntime.AppV1;

/// <summary>Orders as version 1 stores them: table orders, columns note and quantity (integer).</summary>
public static class OrderEndpoints
{
    public static void MapOrders(this WebApplication app)
    {
        app.MapPost("/orders", async (NewOrder order, NpgsqlDataSource database) =>
        {
            await using var command = database.CreateCommand(
                "INSERT INTO orders (customer_id, quantity, note) VALUES ($1, $2, $3) RETURNING id");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = order.CustomerId });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = order.Quantity });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)order.Note ?? DBNull.Value });
            var id = (long)(await command.ExecuteScalarAsync())!;
            return Results.Created($"/orders/{id}", new Created(id));
        });

        app.MapGet("/orders/{id:long}", async (long id, NpgsqlDataSource database) =>
        {
            await using var command = database.CreateCommand(
                "SELECT customer_id, quantity, note FROM orders WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return Results.NotFound();
            }

            return Results.Ok(new OrderView(
                id,
                reader.GetInt64(0),
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetString(2)));
        });

        app.MapPut("/orders/{id:long}", async (long id, OrderChange change, NpgsqlDataSource database) =>
        {
            await using var command = database.CreateCommand(
                "UPDATE orders SET quantity = $2, note = $3 WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = change.Quantity });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)change.Note ?? DBNull.Value });
            var updated = await command.ExecuteNonQueryAsync();
            return updated == 1 ? Results.NoContent() : Results.NotFound();
        });
    }
}
