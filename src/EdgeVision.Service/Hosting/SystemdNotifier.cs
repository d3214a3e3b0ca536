using System.Net.Sockets;
using System.Text;

namespace EdgeVision.Service.Hosting;

/// <summary>
/// Speaks systemd's notify protocol: datagrams such as <c>READY=1</c>, <c>WATCHDOG=1</c> and <c>STOPPING=1</c> to the
/// unix socket named by <c>NOTIFY_SOCKET</c>. Does nothing when not started by systemd.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endpoint;

    /// <summary>Connects to the socket named by <paramref name="notifySocket"/> (normally <c>$NOTIFY_SOCKET</c>).</summary>
    public SystemdNotifier(string? notifySocket)
    {
        if (string.IsNullOrEmpty(notifySocket))
        {
            return;
        }

        // A leading '@' names a socket in the abstract namespace, written with a leading NUL byte.
        var path = notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket;
        _endpoint = new UnixDomainSocketEndPoint(path);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>True when running under systemd with a notify socket.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>The watchdog interval systemd expects pings within, from <c>WATCHDOG_USEC</c>; null when not set.</summary>
    public static TimeSpan? WatchdogInterval(string? watchdogUsec) =>
        long.TryParse(watchdogUsec, out var usec) && usec > 0 ? TimeSpan.FromMicroseconds(usec) : null;

    /// <summary>Sends one state line, e.g. <c>READY=1</c>.</summary>
    public void Notify(string state)
    {
        if (_socket is null || _endpoint is null)
        {
            return;
        }

        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), _endpoint);
        }
        catch (SocketException)
        {
            // systemd went away (e.g. during shutdown): nothing useful to do
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _socket?.Dispose();
}
