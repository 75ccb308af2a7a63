using System.Net;
using System.Net.Sockets;

namespace ZeroDowntime.Apps;

/// <summary>Free TCP ports on the loopback interface, as the operating system hands them out.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
