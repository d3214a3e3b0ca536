using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace EdgeVision.TestSupport;

/// <summary>What the test broker offers besides its plain listener.</summary>
internal sealed record MosquittoOptions
{
    /// <summary>Whether clients without a user name may connect (mosquitto's <c>allow_anonymous</c>).</summary>
    public bool AllowAnonymous { get; init; } = true;

    /// <summary>User names and passwords written to a password file (mosquitto's <c>password_file</c>); null for none.</summary>
    public IReadOnlyDictionary<string, string>? Users { get; init; }

    /// <summary>Certificates for a second, TLS listener (see <see cref="MosquittoBroker.TlsPort"/>); null for none.</summary>
    public TestCertificates? Tls { get; init; }

    /// <summary>Whether the TLS listener demands a client certificate signed by the test CA.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>Whether the broker keeps sessions and retained messages in a file in its folder (saved every second and on a graceful stop).</summary>
    public bool Persistence { get; init; }
}

/// <summary>
/// A real Debian mosquitto broker on free loopback ports, started for a test and killed after it. It can be killed
/// (like a power cut) and restarted on the SAME ports for outage tests. Linked into every test project.
/// </summary>
internal sealed class MosquittoBroker : IDisposable
{
    private const int LogLines = 200;
    private readonly string _config;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    private MosquittoBroker(string directory, int port, int tlsPort)
    {
        Directory = directory;
        _config = Path.Combine(directory, "mosquitto.conf");
        Port = port;
        TlsPort = tlsPort;
    }

    /// <summary>The plain TCP port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>The TLS port (127.0.0.1), or 0 without <see cref="MosquittoOptions.Tls"/>.</summary>
    public int TlsPort { get; }

    /// <summary>The broker's temporary folder (configuration, password file, persistence file).</summary>
    public string Directory { get; }

    /// <summary>Whether the broker process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The broker's recent log lines (its stderr), for failure messages.</summary>
    public string RecentLog => string.Join('\n', _log);

    /// <summary>Path of the mosquitto binary (Debian package <c>mosquitto</c>).</summary>
    public static string Executable => File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";

    /// <summary>Starts an anonymous broker and waits until it accepts connections.</summary>
    public static Task<MosquittoBroker> StartAsync() => StartAsync(new MosquittoOptions());

    /// <summary>Starts a broker with <paramref name="options"/> and waits until every listener accepts connections.</summary>
    public static async Task<MosquittoBroker> StartAsync(MosquittoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = System.IO.Directory.CreateTempSubdirectory("edgevision-mosquitto-").FullName;
        var broker = new MosquittoBroker(directory, LoopbackPort.Free(), options.Tls is null ? 0 : LoopbackPort.Free());
        await File.WriteAllTextAsync(broker._config, broker.Configuration(options));
        try
        {
            await broker.LaunchAsync();
        }
        catch
        {
            broker.Dispose();
            throw;
        }

        return broker;
    }

    /// <summary>Kills the broker at once (SIGKILL): no clean goodbye to clients, nothing saved since the last autosave.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    /// <summary>Stops the broker gracefully (SIGTERM), which saves its persistence file.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
                ?? throw new InvalidOperationException("kill did not start");
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    /// <summary>Starts the broker again with the same configuration on the same ports (kills it first if running).</summary>
    public async Task RestartAsync()
    {
        Kill();
        await LaunchAsync();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        _process = null;
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }

    /// <summary>One line of a mosquitto password file in its PBKDF2-SHA512 form (<c>$7$</c>, 101 iterations, 12-byte salt).</summary>
    public static string PasswordLine(string user, string password)
    {
        const int Iterations = 101;
        var salt = RandomNumberGenerator.GetBytes(12);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, 64);
        return $"{user}:$7${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    private string Configuration(MosquittoOptions options)
    {
        var config = new StringBuilder();
        config.AppendLine(CultureInfo.InvariantCulture, $"user {Environment.UserName}"); // as root, mosquitto would otherwise switch to user "mosquitto" and lose access to this folder
        config.AppendLine("log_dest stderr");
        // Observers in the tests keep persistent sessions across outages; mosquitto's default keeps only 1000 queued
        // messages per client and silently drops the rest, which would look like a loss by the publisher.
        config.AppendLine("max_queued_messages 1000000");
        config.AppendLine("log_type error");
        config.AppendLine("log_type warning");
        config.AppendLine("log_type notice");
        config.AppendLine("log_type information");
        config.AppendLine(CultureInfo.InvariantCulture, $"allow_anonymous {(options.AllowAnonymous ? "true" : "false")}");
        if (options.Users is { Count: > 0 } users)
        {
            var passwords = Path.Combine(Directory, "passwords");
            File.WriteAllLines(passwords, users.Select(u => PasswordLine(u.Key, u.Value)));
            config.AppendLine(CultureInfo.InvariantCulture, $"password_file {passwords}");
        }

        if (options.Persistence)
        {
            config.AppendLine("persistence true");
            config.AppendLine(CultureInfo.InvariantCulture, $"persistence_location {Directory}/");
            config.AppendLine("persistence_file mosquitto.db");
            config.AppendLine("autosave_interval 1");
        }
        else
        {
            config.AppendLine("persistence false");
        }

        config.AppendLine(CultureInfo.InvariantCulture, $"listener {Port} 127.0.0.1");
        if (options.Tls is { } tls)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"listener {TlsPort} 127.0.0.1");
            config.AppendLine(CultureInfo.InvariantCulture, $"cafile {tls.CaFile}");
            config.AppendLine(CultureInfo.InvariantCulture, $"certfile {tls.ServerCertFile}");
            config.AppendLine(CultureInfo.InvariantCulture, $"keyfile {tls.ServerKeyFile}");
            config.AppendLine(CultureInfo.InvariantCulture, $"require_certificate {(options.RequireClientCertificate ? "true" : "false")}");
        }

        return config.ToString();
    }

    private async Task LaunchAsync()
    {
        _process?.Dispose();
        var info = new ProcessStartInfo(Executable, ["-c", _config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start");
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        var deadline = Stopwatch.StartNew();
        foreach (var port in TlsPort == 0 ? [Port] : new[] { Port, TlsPort })
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"mosquitto exited with code {process.ExitCode}; is the Debian package installed? Its log:\n{RecentLog}");
                }

                if (deadline.Elapsed > TimeSpan.FromSeconds(15))
                {
                    throw new TimeoutException($"mosquitto did not listen on {port} within 15 s. Its log:\n{RecentLog}");
                }

                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException)
                {
                    await Task.Delay(50); // polling for the listening socket, not a fixed wait for a result
                }
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
