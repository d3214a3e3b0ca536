using System.Net;
using System.Net.Sockets;

namespace EdgeVision.TestSupport;

/// <summary>
/// A loopback TCP relay between a client and a server (e.g. a broker) that a test can break like a network does:
/// <see cref="Cut"/> closes every open link at once (the server sees the client vanish without a goodbye);
/// <see cref="Stall"/> keeps the links open but forwards nothing more (a dead link only a ping can detect). New links
/// made afterwards work normally. Linked into every test project.
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Link> _links = [];
    private readonly Task _accepting;
    private int _accepted;

    /// <summary>Starts relaying from a free loopback port to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public TcpRelay(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Links accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Closes every open link in both directions, abruptly.</summary>
    public void Cut()
    {
        foreach (var link in TakeLinks())
        {
            link.Close();
        }
    }

    /// <summary>Stops forwarding on every open link without closing it; a side that gives up and closes its socket closes the link.</summary>
    public void Stall()
    {
        lock (_links)
        {
            foreach (var link in _links)
            {
                link.Stalled = true;
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private List<Link> TakeLinks()
    {
        lock (_links)
        {
            var links = _links.ToList();
            _links.Clear();
            return links;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose(); // like a server that is down: the client sees the link close
                server.Dispose();
                continue;
            }

            var link = new Link(client, server);
            lock (_links)
            {
                _links.Add(link);
            }

            link.Start(_stop.Token);
        }
    }

    private sealed class Link(TcpClient client, TcpClient server)
    {
        public volatile bool Stalled;

        public void Start(CancellationToken stop)
        {
            _ = PumpAsync(client, server, stop);
            _ = PumpAsync(server, client, stop);
        }

        public void Close()
        {
            foreach (var socket in new[] { client, server })
            {
                try
                {
                    socket.Client?.LingerState = new LingerOption(true, 0); // reset: no orderly goodbye
                }
                catch (Exception e) when (e is ObjectDisposedException or SocketException)
                {
                    // already closed by the other side
                }

                socket.Dispose();
            }
        }

        private async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken stop)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var read = await from.GetStream().ReadAsync(buffer, stop);
                    if (read == 0)
                    {
                        break;
                    }

                    if (!Stalled)
                    {
                        await to.GetStream().WriteAsync(buffer.AsMemory(0, read), stop);
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
            }

            from.Dispose();
            to.Dispose();
        }
    }
}
