using System.Net.Sockets;
using System.Text;
using EdgeVision.Service.Hosting;

namespace EdgeVision.Service.Tests.Hosting;

public class SystemdNotifierTests
{
    [Fact]
    public void Notify_sends_the_state_as_one_datagram_to_the_socket_at_the_given_path()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "notify");
        using var systemd = BindDatagramSocket(path);
        using var notifier = new SystemdNotifier(path);

        notifier.Notify("READY=1");

        Assert.True(notifier.IsEnabled);
        Assert.Equal("READY=1"u8.ToArray(), Receive(systemd));
    }

    [Fact]
    public void Each_notification_arrives_as_its_own_datagram_in_order()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "notify");
        using var systemd = BindDatagramSocket(path);
        using var notifier = new SystemdNotifier(path);

        notifier.Notify("READY=1");
        notifier.Notify("WATCHDOG=1");
        notifier.Notify("STOPPING=1");

        Assert.Equal("READY=1", Encoding.UTF8.GetString(Receive(systemd)));
        Assert.Equal("WATCHDOG=1", Encoding.UTF8.GetString(Receive(systemd)));
        Assert.Equal("STOPPING=1", Encoding.UTF8.GetString(Receive(systemd)));
    }

    [Fact]
    public void A_name_starting_with_at_reaches_the_socket_of_that_name_in_the_abstract_namespace()
    {
        var name = "edgevision-test-" + Guid.NewGuid().ToString("N");
        using var systemd = BindDatagramSocket("\0" + name);
        using var notifier = new SystemdNotifier("@" + name);

        notifier.Notify("READY=1");

        Assert.Equal("READY=1"u8.ToArray(), Receive(systemd));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_notify_socket_the_notifier_is_disabled_and_notify_does_nothing(string? socket)
    {
        using var notifier = new SystemdNotifier(socket);

        notifier.Notify("READY=1");

        Assert.False(notifier.IsEnabled);
    }

    [Fact]
    public void Notify_to_a_socket_nobody_listens_on_is_ignored_rather_than_thrown()
    {
        using var dir = new TempDirectory();
        using var notifier = new SystemdNotifier(Path.Combine(dir.Path, "nobody"));

        var error = Record.Exception(() => notifier.Notify("STOPPING=1"));

        Assert.Null(error);
        Assert.True(notifier.IsEnabled);
    }

    [Fact]
    public void The_watchdog_interval_is_read_from_microseconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), SystemdNotifier.WatchdogInterval("5000000"));
        Assert.Equal(TimeSpan.FromMilliseconds(1.5), SystemdNotifier.WatchdogInterval("1500"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("5s")]
    [InlineData("five")]
    public void A_missing_or_invalid_watchdog_setting_gives_no_interval(string? usec)
    {
        Assert.Null(SystemdNotifier.WatchdogInterval(usec));
    }

    private static Socket BindDatagramSocket(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 30_000; // a wait for a signal, not a measurement: only a lost datagram reaches it
        return socket;
    }

    private static byte[] Receive(Socket socket)
    {
        var buffer = new byte[256];
        var count = socket.Receive(buffer);
        return buffer[..count];
    }
}
