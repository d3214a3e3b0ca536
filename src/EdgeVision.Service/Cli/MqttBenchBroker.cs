using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeVision.Service.Cli;

/// <summary>
/// The Debian mosquitto that <c>edgevision bench mqtt</c> starts for itself on a free loopback port, with a generated
/// configuration in a temporary folder. It can be stopped gracefully (SIGTERM, which saves its persistence file, so
/// the observer's persistent session and subscription survive) and started again on the same port for the drain phase.
/// </summary>
internal sealed class MqttBenchBroker : IDisposable
{
    /// <summary>Where Debian's <c>mosquitto</c> package installs the broker.</summary>
    public const string DefaultExecutable = "/usr/sbin/mosquitto";

    private const int LogLines = 100;
    private readonly string _executable;
    private readonly string _config;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;
    private TimeSpan _cpuOfEarlierRuns;

    private MqttBenchBroker(string executable, string directory, int port)
    {
        _executable = executable;
        Directory = directory;
        Port = port;
        _config = Path.Combine(directory, "mosquitto.conf");
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>Its temporary folder (configuration and persistence file).</summary>
    public string Directory { get; }

    /// <summary>CPU time the broker used so far, over all its runs.</summary>
    public TimeSpan ProcessorTime => _cpuOfEarlierRuns + CurrentProcessorTime();

    /// <summary>Starts mosquitto on a free loopback port and waits until it accepts connections.</summary>
    /// <exception cref="InvalidOperationException">The executable is missing or mosquitto exited (its log is in the message).</exception>
    public static async Task<MqttBenchBroker> StartAsync(string executable, CancellationToken cancellationToken)
    {
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"mosquitto not found at {executable}: install the Debian package 'mosquitto', or pass --broker HOST:PORT to use a running broker.");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("edgevision-bench-mosquitto-").FullName;
        var broker = new MqttBenchBroker(executable, directory, FreeLoopbackPort());
        try
        {
            await File.WriteAllTextAsync(broker._config, broker.Configuration(), cancellationToken).ConfigureAwait(false);
            await broker.LaunchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            broker.Dispose();
            throw;
        }

        return broker;
    }

    /// <summary>Stops mosquitto gracefully (SIGTERM): clients see the link close, sessions are saved to its persistence file.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        _cpuOfEarlierRuns += CurrentProcessorTime(); // read before the stop: an exited process has no CPU time to read
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill to stop mosquitto"))
        {
            await kill.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
    }

    /// <summary>Starts mosquitto again with the same configuration and port, and waits until it accepts connections.</summary>
    public Task RestartAsync(CancellationToken cancellationToken) => LaunchAsync(cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temporary folder is harmless
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private TimeSpan CurrentProcessorTime()
    {
        try
        {
            return _process is { HasExited: false } p ? p.TotalProcessorTime : TimeSpan.Zero;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero; // exited meanwhile
        }
    }

    private string Configuration()
    {
        var c = new StringBuilder();
        // As root, mosquitto would switch to the user "mosquitto" and lose access to this folder.
        c.AppendLine(CultureInfo.InvariantCulture, $"user {Environment.UserName}");
        c.AppendLine("log_dest stderr");
        c.AppendLine("log_type error");
        c.AppendLine("log_type warning");
        c.AppendLine("allow_anonymous true");
        // Persistence saved only on a graceful stop (autosave 0): the observer's session outlives the restart of the
        // drain phase, and no periodic save competes with the measured publishing.
        c.AppendLine("persistence true");
        c.AppendLine(CultureInfo.InvariantCulture, $"persistence_location {Directory}/");
        c.AppendLine("persistence_file mosquitto.db");
        c.AppendLine("autosave_interval 0");
        // The default (1000 queued messages per client) drops QoS 1 messages for a subscriber that falls behind or is
        // still reconnecting; the bench counts every message, so the queue is unbounded.
        c.AppendLine("max_queued_messages 0");
        c.AppendLine(CultureInfo.InvariantCulture, $"listener {Port} 127.0.0.1");
        return c.ToString();
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        if (_process is not null)
        {
            _process.Dispose();
            _process = null;
        }

        var info = new ProcessStartInfo(_executable, ["-c", _config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{_executable} did not start");
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with code {process.ExitCode}. Its log:\n{string.Join('\n', _log)}");
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException($"mosquitto did not listen on 127.0.0.1:{Port} within 15 s. Its log:\n{string.Join('\n', _log)}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false); // polling for the listening socket
            }
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > LogLines)
        {
            _log.TryDequeue(out _);
        }
    }
}
