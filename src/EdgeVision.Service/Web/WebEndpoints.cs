using System.Text.Json;
using EdgeVision.Inspection.Results;
using EdgeVision.Service.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EdgeVision.Service.Web;

/// <summary>The web page and its small JSON API: live annotated image, counters, recent results, health.</summary>
public static class WebEndpoints
{
    /// <summary>Maps every endpoint onto <paramref name="app"/>.</summary>
    public static void Map(WebApplication app, EdgeVisionRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(runtime);
        app.MapGet("/", () => Results.Content(IndexPage.Html, "text/html; charset=utf-8"));
        app.MapGet("/healthz", () =>
        {
            var healthy = runtime.IsMakingProgress(runtime.Settings.Systemd.WatchdogStallLimit);
            return healthy ? Results.Text("ok") : Results.Text("stalled", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/api/stats", () => Results.Bytes(StatsJson(runtime), "application/json"));
        app.MapGet("/metrics", () => Results.Text(StationMetrics.Text(runtime), PrometheusWriter.ContentType));
        app.MapGet("/api/results", () =>
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartArray();
                foreach (var r in runtime.LiveView.RecentResults())
                {
                    InspectionResultJson.Write(writer, r);
                }

                writer.WriteEndArray();
            }

            return Results.Bytes(stream.ToArray(), "application/json");
        });
        app.MapPost("/api/cameras/{camera}/trigger", (string camera) =>
        {
            var id = runtime.Trigger(camera);
            return id switch
            {
                > 0 => Results.Accepted(value: new TriggerReply(camera, id)),
                0 => Results.Conflict(new TriggerReply(camera, 0) { Error = "the camera free-runs; set cameras[].trigger.mode to \"triggered\"" }),
                _ => Results.Problem($"camera '{camera}' does not exist or its trigger queue is full", statusCode: 503),
            };
        });
        app.MapPost("/api/cameras/{camera}/recipe/reload", (string camera) =>
            runtime.ReloaderFor(camera) is { } reloader ? ReloadReply(reloader.Reload()) : Results.NotFound());
        app.MapGet("/api/cameras/{camera}/frame.jpg", (string camera) =>
        {
            var jpeg = runtime.LiveView.AnnotatedJpeg(camera);
            return jpeg is null ? Results.NotFound() : Results.Bytes(jpeg, "image/jpeg");
        });
    }

    private static IResult ReloadReply(ReloadOutcome outcome)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("status", outcome.Status.ToString().ToLowerInvariant());
            w.WriteString("recipe", outcome.Recipe);
            w.WriteString("checksum", outcome.Checksum);
            w.WriteStartArray("errors");
            foreach (var e in outcome.Errors)
            {
                w.WriteStringValue(e);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        var body = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        return Results.Content(body, "application/json", System.Text.Encoding.UTF8, outcome.Status == ReloadStatus.Rejected ? 422 : 200);
    }

    private static void WriteGpio(Utf8JsonWriter w, StationIo? io)
    {
        w.WriteStartObject("gpio");
        if (io is not null)
        {
            w.WriteNumber("triggers", io.GpioTriggers);
            w.WriteNumber("refusedTriggers", io.RefusedTriggers);
            w.WriteNumber("safeTrips", io.Safety.Trips);
            w.WriteStartObject("lines");
            foreach (var line in io.LineStates())
            {
                w.WriteBoolean(line.Name, line.Active);
            }

            w.WriteEndObject();
            if (io.Tower is { } tower)
            {
                w.WriteString("tower", tower.Lamp.ToString().ToLowerInvariant());
            }

            if (io.Encoder is { } encoder)
            {
                w.WriteStartObject("encoder");
                w.WriteNumber("count", encoder.Count);
                w.WriteNumber("mm", Math.Round(encoder.PositionMm, 3));
                w.WriteNumber("errors", encoder.Errors);
                w.WriteEndObject();
            }

            if (io.Queue is { } queue)
            {
                var s = queue.GetStatistics();
                w.WriteStartObject("rejectQueue");
                w.WriteString("mode", queue.Options.Mode == Gpio.Reject.RejectQueueMode.Encoder ? "encoder" : "time");
                w.WriteNumber("depth", s.Depth);
                w.WriteNumber("opened", s.Opened);
                w.WriteNumber("overflows", s.Overflows);
                w.WriteNumber("delivered", s.Delivered);
                w.WriteNumber("rejects", s.ActuatedRejects);
                w.WriteNumber("passes", s.ActuatedPasses);
                w.WriteNumber("failSafes", s.FailSafes);
                w.WriteNumber("lateResults", s.LateResults);
                w.WriteNumber("unknownResults", s.UnknownResults);
                w.WriteString("timingErrorUnit", queue.Options.Mode == Gpio.Reject.RejectQueueMode.Encoder ? "counts" : "us");
                w.WriteNumber("timingErrorP50", s.TimingErrorP50);
                w.WriteNumber("timingErrorP99", s.TimingErrorP99);
                w.WriteNumber("timingErrorMax", s.TimingErrorMax);
                w.WriteEndObject();
            }
        }

        w.WriteEndObject();
    }

    /// <summary>The body of <c>GET /api/stats</c>: device, MQTT, GPIO and per-camera counters as JSON.</summary>
    public static byte[] StatsJson(EdgeVisionRuntime runtime)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("device", runtime.Settings.Device);
            var publisher = runtime.Publisher;
            w.WriteStartObject("mqtt");
            w.WriteBoolean("connected", publisher?.IsConnected ?? false);
            w.WriteNumber("published", publisher?.Published ?? 0);
            w.WriteNumber("backlog", publisher?.Backlog ?? 0);
            w.WriteNumber("dropped", publisher?.Dropped ?? 0);
            w.WriteNumber("reconnects", publisher?.Reconnects ?? 0);
            var mqtt = runtime.Mqtt;
            w.WriteString("state", mqtt?.Connection.State.ToString().ToLowerInvariant() ?? "stopped");
            w.WriteString("lastError", mqtt?.Connection.LastError);
            w.WriteNumber("historical", publisher?.PublishedHistorical ?? 0);
            w.WriteNumber("refused", publisher?.Refused ?? 0);
            w.WriteNumber("droppedQueue", publisher?.DroppedQueue ?? 0);
            w.WriteNumber("droppedFull", publisher?.Outbox.DroppedFull ?? 0);
            w.WriteNumber("droppedAge", publisher?.Outbox.DroppedAge ?? 0);
            w.WriteNumber("imagesPublished", publisher?.ImagesPublished ?? 0);
            w.WriteNumber("imagesDropped", publisher?.ImagesDropped ?? 0);
            w.WriteNumber("commands", mqtt?.Commands?.Received ?? 0);
            w.WriteNumber("commandErrors", mqtt?.Commands?.Failed ?? 0);
            w.WriteEndObject();
            w.WriteNumber("rejectPulses", runtime.Io?.Rejected ?? 0);
            WriteGpio(w, runtime.Io);
            w.WriteStartArray("cameras");
            var counters = runtime.LiveView.Counters();
            foreach (var camera in runtime.Cameras)
            {
                long passed = 0, failed = 0;
                InspectionResult? last = null;
                foreach (var c in counters)
                {
                    if (c.Camera == camera.Name)
                    {
                        (passed, failed, last) = (c.Passed, c.Failed, c.Last);
                    }
                }

                w.WriteStartObject();
                w.WriteString("name", camera.Name);
                w.WriteNumber("passed", passed);
                w.WriteNumber("failed", failed);
                w.WriteNumber("captured", camera.Captured);
                w.WriteNumber("dropped", camera.Dropped);
                w.WriteNumber("captureErrors", camera.CaptureErrors);
                w.WriteNumber("missedTriggers", camera.MissedTriggers);
                w.WriteStartObject("activeRecipe");
                w.WriteString("name", camera.Recipe.Name);
                w.WriteString("checksum", camera.Recipe.Checksum);
                w.WriteEndObject();
                var cycle = runtime.LiveView.CycleTimes(camera.Name);
                w.WriteStartObject("cycleMs");
                w.WriteNumber("count", cycle.Count);
                w.WriteNumber("sum", cycle.SumMs);
                w.WriteNumber("samples", cycle.Samples);
                w.WriteNumber("p50", cycle.P50Ms);
                w.WriteNumber("p99", cycle.P99Ms);
                w.WriteEndObject();
                if (last is not null)
                {
                    w.WriteString("recipe", last.Recipe);
                    w.WriteString("lastVerdict", last.Verdict == Verdict.Pass ? "pass" : "fail");
                    w.WriteNumber("lastCycleMs", Math.Round(last.TotalMilliseconds, 2));
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }
}

/// <summary>The answer to a software trigger: the camera and the trigger (part) id, or why it was refused.</summary>
public sealed record TriggerReply(string Camera, long Trigger)
{
    /// <summary>Why the trigger was refused, if it was.</summary>
    public string? Error { get; init; }
}
