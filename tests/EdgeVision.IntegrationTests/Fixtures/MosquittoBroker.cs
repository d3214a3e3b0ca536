using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeVision.IntegrationTests.Fixtures;

/// <summary>A real Debian mosquitto broker on a free loopback port, started for a test and killed after it.</summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private MosquittoBroker(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>The TCP port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Path of the mosquitto binary (Debian package <c>mosquitto</c>).</summary>
    public static string Executable => File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";

    /// <summary>Starts a broker and waits until it accepts connections.</summary>
    public static async Task<MosquittoBroker> StartAsync()
    {
        var port = LoopbackPort.Free();
        var directory = Directory.CreateTempSubdirectory("edgevision-mosquitto-").FullName;
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\n");
        var info = new ProcessStartInfo(Executable, ["-c", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var broker = new MosquittoBroker(process, directory, port);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with code {process.ExitCode}; is the Debian package installed?");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return broker;
            }
            catch (SocketException)
            {
                await Task.Delay(50); // polling for the listening socket, not a fixed wait for a result
            }
        }

        broker.Dispose();
        throw new TimeoutException($"mosquitto did not listen on {port} within 15 s");
    }


    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
