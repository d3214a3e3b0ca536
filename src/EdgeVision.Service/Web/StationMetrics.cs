using EdgeVision.Gpio.Reject;
using EdgeVision.Service.Runtime;

namespace EdgeVision.Service.Web;

/// <summary>
/// The body of <c>GET /metrics</c>: the figures of <c>/api/stats</c> as Prometheus metrics (text format 0.0.4), read
/// from the same counters: per camera frames, drops, verdicts, cycle time and recipe; GPIO triggers, lines, encoder and
/// the reject queue; MQTT connection and queue.
/// </summary>
public static class StationMetrics
{
    private const string Prefix = "edgevision_";

    /// <summary>Writes every metric of <paramref name="runtime"/> and returns the text.</summary>
    public static string Text(EdgeVisionRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var w = new PrometheusWriter();
        WriteCameras(w, runtime);
        WriteGpio(w, runtime.Io);
        WriteMqtt(w, runtime);
        return w.ToString();
    }

    private static void PerCamera(PrometheusWriter w, IReadOnlyList<CameraRunner> cameras, string name, MetricType type, string help, Func<CameraRunner, double> value)
    {
        w.Family(name, type, help);
        foreach (var c in cameras)
        {
            w.Sample(value(c), Camera(c));
        }
    }

    private static void WriteCameras(PrometheusWriter w, EdgeVisionRuntime runtime)
    {
        var cameras = runtime.Cameras;
        var counters = runtime.LiveView.Counters();
        PerCamera(w, cameras, Prefix + "frames_acquired_total", MetricType.Counter, "Frames captured by the camera.", c => c.Captured);

        PerCamera(w, cameras, Prefix + "frames_dropped_total", MetricType.Counter, "Frames dropped by the ring between camera and pipeline because the pipeline fell behind.", c => c.Dropped);

        PerCamera(w, cameras, Prefix + "capture_errors_total", MetricType.Counter, "Capture failures (the source was re-opened after each).", c => c.CaptureErrors);

        PerCamera(w, cameras, Prefix + "triggers_missed_total", MetricType.Counter, "Triggers a triggered camera took but got no frame for (source failed or recording ended).", c => c.MissedTriggers);

        w.Family(Prefix + "inspections_total", MetricType.Counter, "Inspection results by verdict.");
        foreach (var c in cameras)
        {
            long passed = 0, failed = 0;
            foreach (var counter in counters)
            {
                if (counter.Camera == c.Name)
                {
                    (passed, failed) = (counter.Passed, counter.Failed);
                }
            }

            w.Sample(passed, Camera(c), new MetricLabel("verdict", "pass"));
            w.Sample(failed, Camera(c), new MetricLabel("verdict", "fail"));
        }

        w.Family(Prefix + "cycle_time_seconds", MetricType.Summary, $"Pipeline time per frame (sum of its stages); quantiles over the last {CycleTimeWindow.Capacity} results.");
        foreach (var c in cameras)
        {
            var cycle = runtime.LiveView.CycleTimes(c.Name);
            var (p50, p99) = cycle.Samples == 0 ? (double.NaN, double.NaN) : (cycle.P50Ms / 1000, cycle.P99Ms / 1000);
            w.Sample(p50, Camera(c), new MetricLabel("quantile", "0.5"));
            w.Sample(p99, Camera(c), new MetricLabel("quantile", "0.99"));
            w.SummaryTotals(cycle.SumMs / 1000, cycle.Count, Camera(c));
        }

        w.Family(Prefix + "recipe_info", MetricType.Gauge, "The recipe a camera runs (always 1; the labels carry its name and checksum).");
        foreach (var c in cameras)
        {
            var recipe = c.Recipe;
            w.Sample(1, Camera(c), new MetricLabel("recipe", recipe.Name), new MetricLabel("checksum", recipe.Checksum));
        }
    }

    private static void WriteGpio(PrometheusWriter w, StationIo? io)
    {
        if (io is null)
        {
            return;
        }

        w.Family(Prefix + "gpio_triggers_total", MetricType.Counter, "Trigger edges accepted from the trigger input.");
        w.Sample(io.GpioTriggers);
        w.Family(Prefix + "gpio_triggers_refused_total", MetricType.Counter, "Triggers refused (station disabled, handshake not ready, or no camera could take them).");
        w.Sample(io.RefusedTriggers);
        w.Family(Prefix + "rejects_requested_total", MetricType.Counter, "Failed parts (each asks for a reject: a pulse, or the reject queue's action).");
        w.Sample(io.Rejected);
        w.Family(Prefix + "gpio_safe_trips_total", MetricType.Counter, "Times the outputs were put at their safe level (stop, signal, exit, unhandled exception).");
        w.Sample(io.Safety.Trips);
        w.Family(Prefix + "gpio_line_active", MetricType.Gauge, "Whether a line is active (1) or not (0): outputs as last written, inputs as read (debounced for trigger, enable, reset).");
        foreach (var line in io.LineStates())
        {
            w.Sample(line.Active ? 1 : 0, new MetricLabel("line", line.Name), new MetricLabel("direction", line.IsOutput ? "output" : "input"));
        }

        if (io.Tower is { } tower)
        {
            w.Family(Prefix + "tower_lamp", MetricType.Gauge, "The lamp the tower light shows (1 for the one lit; off, green, yellow or red).");
            var lit = tower.Lamp;
            foreach (var lamp in Enum.GetValues<Gpio.Signals.TowerLamp>())
            {
                w.Sample(lamp == lit ? 1 : 0, new MetricLabel("lamp", lamp.ToString().ToLowerInvariant()));
            }
        }

        if (io.Encoder is { } encoder)
        {
            w.Family(Prefix + "encoder_position_counts", MetricType.Gauge, "Belt encoder position in counts (x4 decoded).");
            w.Sample(encoder.Count);
            w.Family(Prefix + "encoder_errors_total", MetricType.Counter, "Impossible encoder transitions (both channels at once, or a missed edge).");
            w.Sample(encoder.Errors);
        }

        if (io.Queue is { } queue)
        {
            WriteQueue(w, queue);
        }
    }

    private static void WriteQueue(PrometheusWriter w, RejectQueue queue)
    {
        var s = queue.GetStatistics();
        const string q = Prefix + "reject_queue_";
        w.Family(q + "parts_opened_total", MetricType.Counter, "Parts entered into the reject queue on a trigger.");
        w.Sample(s.Opened);
        w.Family(q + "results_scheduled_total", MetricType.Counter, "Results that arrived in time: their action was scheduled at the part's deadline.");
        w.Sample(s.Delivered);
        w.Family(q + "actuations_total", MetricType.Counter, "Actions run at the gate, fail-safe ones included.");
        w.Sample(s.ActuatedRejects, new MetricLabel("action", "reject"));
        w.Sample(s.ActuatedPasses, new MetricLabel("action", "pass"));
        w.Family(q + "fail_safes_total", MetricType.Counter, "Parts without a result at their decision deadline (the fail-safe applied).");
        w.Sample(s.FailSafes);
        w.Family(q + "late_results_total", MetricType.Counter, "Results that arrived after their part failed safe (counted, never actuated).");
        w.Sample(s.LateResults);
        w.Family(q + "overflows_total", MetricType.Counter, "Parts refused because the queue was full (no action for them).");
        w.Sample(s.Overflows);
        w.Family(q + "unknown_results_total", MetricType.Counter, "Results for no known part.");
        w.Sample(s.UnknownResults);
        w.Family(q + "depth", MetricType.Gauge, "Parts in the queue now (triggered, gate not reached).");
        w.Sample(s.Depth);

        // Time mode measures the output edge in microseconds (written in seconds), encoder mode in counts.
        var encoder = queue.Options.Mode == RejectQueueMode.Encoder;
        var (unit, scale, what) = encoder ? ("counts", 1.0, "encoder counts") : ("seconds", 1e-6, "seconds");
        w.Family(q + "timing_error_p50_" + unit, MetricType.Gauge, $"Median of actual minus scheduled output edge, in {what}, over the last actions.");
        w.Sample(s.TimingErrorP50 * scale);
        w.Family(q + "timing_error_p99_" + unit, MetricType.Gauge, $"99th percentile (nearest rank) of actual minus scheduled output edge, in {what}.");
        w.Sample(s.TimingErrorP99 * scale);
        w.Family(q + "timing_error_max_" + unit, MetricType.Gauge, $"Largest actual minus scheduled output edge, in {what}.");
        w.Sample(s.TimingErrorMax * scale);
        w.Family(q + "timing_samples", MetricType.Gauge, "How many recent actions the timing error figures are over.");
        w.Sample(s.TimingSamples);
    }

    private static void WriteMqtt(PrometheusWriter w, EdgeVisionRuntime runtime)
    {
        var publisher = runtime.Publisher;
        w.Family(Prefix + "mqtt_connected", MetricType.Gauge, "1 while connected to the MQTT broker.");
        w.Sample(publisher?.IsConnected == true ? 1 : 0);
        w.Family(Prefix + "mqtt_published_total", MetricType.Counter, "Results published to the broker.");
        w.Sample(publisher?.Published ?? 0);
        w.Family(Prefix + "mqtt_backlog", MetricType.Gauge, "Results waiting to be published.");
        w.Sample(publisher?.Backlog ?? 0);
        w.Family(Prefix + "mqtt_dropped_total", MetricType.Counter, "Results dropped because the publish queue was full.");
        w.Sample(publisher?.Dropped ?? 0);
        w.Family(Prefix + "mqtt_reconnects_total", MetricType.Counter, "Reconnections to the broker.");
        w.Sample(publisher?.Reconnects ?? 0);
    }

    private static MetricLabel Camera(CameraRunner camera) => new("camera", camera.Name);
}
