using System.Net;
using System.Net.Sockets;

namespace EdgeVision.TestSupport;

/// <summary>Picks TCP ports on 127.0.0.1 for servers a test starts. Linked into every test project.</summary>
internal static class LoopbackPort
{
    /// <summary>A port the OS just reported free (bound and released at once).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
