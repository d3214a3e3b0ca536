using System.Collections.Concurrent;
using System.Globalization;
using EdgeVision.Acquisition.Frames;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Inspection.Settings;
using EdgeVision.Mqtt;
using EdgeVision.Mqtt.Outbox;
using MQTTnet.Protocol;

namespace EdgeVision.Service.Cli;

/// <summary>
/// <c>edgevision bench mqtt</c>: the publish path measured end to end against a real broker. A station
/// (<see cref="MqttStation"/> with its SQLite outbox) publishes real inspection results to mosquitto (started by the
/// bench on a free loopback port, or <c>--broker</c>) and an independent subscriber checks that every <c>msgSeq</c>
/// arrives, once, in order. Phase "sustained" offers results while connected and reports results/s and offer→arrival
/// latency; phase "drain" stops the broker, fills the outbox, restarts the broker and reports how fast the backlog
/// drains. No thresholds: it prints what it measured, and exits 1 only when results were lost or out of order.
/// </summary>
public static partial class MqttBenchCommand
{
    private const string Camera = "cam1";
    private const string WarmUpCamera = "warmup";
    private const int TemplateCount = 8;
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    /// <summary>Runs the benchmark; returns 0 when every result arrived in order, 1 when not, 2 when it could not run.</summary>
    public static async Task<int> RunAsync(MqttBenchOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                await stderr.WriteLineAsync("bench mqtt: " + e).ConfigureAwait(false);
            }

            return 2;
        }

        InspectionResult[] templates;
        try
        {
            templates = RealResults(options.RecipePath, $"bench-{Environment.ProcessId}");
        }
        catch (SettingsException e)
        {
            await stderr.WriteLineAsync("bench mqtt: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        MqttBenchBroker? broker = null;
        string host;
        int port;
        if (options.Broker is { } external)
        {
            _ = MqttBenchOptions.TryParseBroker(external, out host, out port); // validated above
        }
        else
        {
            try
            {
                broker = await MqttBenchBroker.StartAsync(options.MosquittoPath, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                await stderr.WriteLineAsync("bench mqtt: " + e.Message).ConfigureAwait(false);
                return 2;
            }

            host = "127.0.0.1";
            port = broker.Port;
        }

        var data = Directory.CreateTempSubdirectory("edgevision-bench-mqtt-").FullName;
        try
        {
            var run = new BenchRun(options, templates, broker, host, port, data, stdout);
            return await run.ExecuteAsync(stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await stderr.WriteLineAsync($"bench mqtt: cannot run against {host}:{port}: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        finally
        {
            broker?.Dispose();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Real results of <paramref name="recipePath"/>'s recipe on a few synthetic conveyor frames (some parts fail).</summary>
    private static InspectionResult[] RealResults(string recipePath, string device)
    {
        var recipe = RecipeLoader.Load(recipePath);
        var options = new SyntheticConveyorOptions { FramesPerSecond = 0, Seed = 11, DefectRate = 0.3 };
        using var camera = new SyntheticConveyorCamera(Camera, options);
        using var pool = new FramePool(1, options.Width, options.Height, options.Format);
        using var pipeline = new InspectionPipeline(recipe, device, Camera);
        var record = new InspectionRecord();
        camera.Open();
        var results = new InspectionResult[TemplateCount];
        for (var i = 0; i < results.Length; i++)
        {
            var frame = pool.TryRent(TimeSpan.Zero) ?? throw new InvalidOperationException("the frame pool is exhausted");
            try
            {
                if (!camera.Capture(frame, CancellationToken.None))
                {
                    throw new InvalidOperationException("the synthetic camera delivered no frame");
                }

                pipeline.Inspect(frame, record);
            }
            finally
            {
                frame.Release();
            }

            results[i] = pipeline.ToResult(record, i + 1, DateTimeOffset.UtcNow);
        }

        return results;
    }

    /// <summary>The station, observer and broker of one bench run, and its phases (in MqttBenchCommand.Phases.cs).</summary>
    private sealed partial class BenchRun(MqttBenchOptions options, InspectionResult[] templates, MqttBenchBroker? broker, string host, int port, string data, TextWriter stdout)
    {
        private readonly ConcurrentQueue<string> _stationLog = new();
        private readonly long[] _offeredAt = new long[(long)options.Results + options.Backlog + 1]; // by result seq
        private long _connectedAt;

        private MqttSettings Settings => new()
        {
            BrokerHost = host,
            Port = port,
            Device = templates[0].Device,
            ClientId = $"edgevision-bench-station-{Environment.ProcessId}",
            QualityOfService = options.QualityOfService == 2 ? MqttQualityOfServiceLevel.ExactlyOnce : MqttQualityOfServiceLevel.AtLeastOnce,
            Outbox = new OutboxOptions { Path = Path.Combine(data, "mqtt-outbox.db"), Durability = options.Durability },
            // Quick reconnects, so the drain phase measures draining rather than the backoff after a long outage.
            MinReconnectDelay = TimeSpan.FromMilliseconds(100),
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
        };

        public async Task<int> ExecuteAsync(TextWriter stderr, CancellationToken cancellationToken)
        {
            var settings = Settings;
            var context = new MqttStationContext
            {
                Version = ServiceVersion.Text,
                DataDirectory = data,
                Cameras = () => [new CameraStatus(Camera, templates[0].Recipe, templates[0].RecipeChecksum)],
                Log = line =>
                {
                    _stationLog.Enqueue(line);
                    while (_stationLog.Count > 50 && _stationLog.TryDequeue(out _))
                    {
                    }
                },
            };
            var qos = settings.QualityOfService;
            var topics = new TopicScheme(settings.TopicPrefix, settings.Device);
            await using var observer = new MqttBenchObserver(host, port, topics.Result("+"), topics.Result(Camera), qos, _offeredAt.Length);
            await observer.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var station = new MqttStation(settings, context);
            await using (station.ConfigureAwait(false))
            {
                station.Connection.StateChanged += (_, state) =>
                {
                    if (state == Mqtt.Connection.MqttConnectionState.Connected)
                    {
                        Interlocked.Exchange(ref _connectedAt, System.Diagnostics.Stopwatch.GetTimestamp());
                    }
                };
                station.Start();
                await WaitUntilAsync(() => station.Connection.IsConnected, "the station to connect", cancellationToken).ConfigureAwait(false);
                WriteHeader(settings);
                await WarmUpAsync(station, observer, cancellationToken).ConfigureAwait(false);
                var phases = new List<PhaseReport>();
                if (options.Results > 0)
                {
                    phases.Add(await SustainedAsync(station, observer, cancellationToken).ConfigureAwait(false));
                }

                if (options.Backlog > 0)
                {
                    if (broker is null)
                    {
                        stdout.WriteLine("drain: skipped: the bench stops and restarts only a broker it started itself (run without --broker).");
                    }
                    else
                    {
                        phases.Add(await DrainAsync(station, observer, broker, cancellationToken).ConfigureAwait(false));
                    }
                }

                MqttBenchReport.Write(stdout, phases);
                if (options.Breakdown)
                {
                    await WriteBreakdownAsync(settings, observer, phases, cancellationToken).ConfigureAwait(false);
                }
                var complete = phases.TrueForAll(p => p.Complete);
                if (!complete)
                {
                    await stderr.WriteLineAsync("bench mqtt: results were lost or out of order; the station's last log lines:").ConfigureAwait(false);
                    foreach (var line in _stationLog)
                    {
                        await stderr.WriteLineAsync("  " + line).ConfigureAwait(false);
                    }
                }

                await station.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                return complete ? 0 : 1;
            }
        }

        private void WriteHeader(MqttSettings settings)
        {
            var bytes = templates.Average(t => MqttPayloads.Result(t, 1).Length);
            var fails = templates.Count(t => t.Verdict == Verdict.Fail);
            var where = broker is null ? $"broker {host}:{port} (--broker)" : $"mosquitto ({options.MosquittoPath}) on 127.0.0.1:{port}, started by the bench";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"edgevision bench mqtt: {where}; MQTT 5, QoS {options.QualityOfService}, outbox durability {options.Durability.ToString().ToLowerInvariant()}; {Environment.ProcessorCount} cores"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"payload: result JSON of recipe '{templates[0].Recipe}' on synthetic frames, {bytes:F0} B on average ({templates.Length} real results, {fails} failed, cycled); topic {new TopicScheme(settings.TopicPrefix, settings.Device).Result(Camera)}"));
        }

        private static async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > StallLimit)
                {
                    throw new TimeoutException($"timed out after {StallLimit.TotalSeconds:F0} s waiting for {what}");
                }

                await Task.Delay(10, cancellationToken).ConfigureAwait(false); // polling a condition
            }
        }
    }
}
