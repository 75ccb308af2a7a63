using System.Net.Sockets;
using Npgsql;
using SafeMigrate.Embedded;
using Xunit;

namespace SafeMigrate.Tests.Embedded;

public class ThrowawayPostgresTests
{
    [Fact]
    public async Task StartAsync_ServesQueriesOnLoopbackWithFsyncOff_AndDisposeRemovesEverything()
    {
        var server = await ThrowawayPostgres.StartAsync();
        string root;
        int port;
        await using (server)
        {
            root = server.RootDirectory;
            port = server.Port;
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var version = new NpgsqlCommand("SELECT version()", connection);
            Assert.StartsWith("PostgreSQL", (string)(await version.ExecuteScalarAsync())!);
            await using var fsync = new NpgsqlCommand("SHOW fsync", connection);
            Assert.Equal("off", await fsync.ExecuteScalarAsync());
            Assert.True(Directory.Exists(root));
        }

        Assert.False(Directory.Exists(root));
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task CreateDatabaseAsync_ReturnsConnectionToTheNewDatabase()
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        var connectionString = await server.CreateDatabaseAsync("orders");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal("orders", await command.ExecuteScalarAsync());
    }
}
