using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeVision.IntegrationTests.Fixtures;
using MQTTnet;
using MQTTnet.Formatter;
using Xunit.Abstractions;

namespace EdgeVision.IntegrationTests;

/// <summary>
/// The real <c>edgevision</c> process against a real mosquitto: commands with malformed input get error replies while it
/// keeps inspecting; killed with SIGKILL, the broker publishes its will; started again, it numbers its messages on.
/// </summary>
public sealed class ServiceProcessMqttTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgevision-process-").FullName;

    public void Dispose()
    {
        // A failed assertion must not leave a service running: kill every process this test started.
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // never started or already reaped
            }

            process.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Bad_commands_get_error_replies_a_killed_service_goes_offline_by_will_and_a_restart_numbers_on()
    {
        using var broker = await MosquittoBroker.StartAsync();
        const string Root = "edgevision/proc-1";
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, $"{Root}/#", "test-recorder");
        var config = WriteConfig(broker.Port);

        var service = StartService(config);
        {
            await recorder.WaitUntilAsync(m => Results(m).Count >= 5, TimeSpan.FromSeconds(90), "5 results from the service");
            var online = Json(recorder.Messages.First(m => m.Topic == $"{Root}/status").Payload);
            Assert.Equal("online", online.GetProperty("state").GetString());
            var recipe = Results(recorder.Messages)[0].GetProperty("recipe").GetProperty("name").GetString();
            Assert.Equal(recipe, online.GetProperty("cameras").GetProperty("cam1").GetProperty("recipe").GetString());

            using var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithProtocolVersion(MqttProtocolVersion.V500).WithClientId("operator").Build());
            var cases = new (string Verb, byte[] Body, string Code)[]
            {
                ("trigger", "{not json"u8.ToArray(), "invalid-json"),
                ("recipe", """{"recipe":"no-such-recipe"}"""u8.ToArray(), "unknown-recipe"),
                ("recipe", """{"recipe":42}"""u8.ToArray(), "wrong-type"),
                ("enable", """{"camera":"cam9"}"""u8.ToArray(), "unknown-camera"),
                ("launch", "{}"u8.ToArray(), "unknown-verb"),
                ("trigger", new byte[1024 * 1024], "too-large"),
                ("trigger", RandomBytes(300), "not-utf8"),
            };
            foreach (var (verb, body, code) in cases)
            {
                var before = recorder.Messages.Count(m => m.Topic == $"{Root}/cmd/{verb}/reply");
                await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Root}/cmd/{verb}").WithPayload(body).WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
                await recorder.WaitUntilAsync(m => m.Count(x => x.Topic == $"{Root}/cmd/{verb}/reply") > before, TimeSpan.FromSeconds(30), $"the reply to {verb} ({code})");
                var reply = Json(recorder.Messages.Last(m => m.Topic == $"{Root}/cmd/{verb}/reply").Payload);
                Assert.False(reply.GetProperty("ok").GetBoolean());
                var actual = reply.GetProperty("error").GetProperty("code").GetString();
                Assert.True(code == actual || (code == "not-utf8" && actual == "invalid-json"), $"{verb}: expected {code}, got {reply}");
            }

            // Still inspecting and publishing after all that.
            var count = Results(recorder.Messages).Count;
            await recorder.WaitUntilAsync(m => Results(m).Count >= count + 5, TimeSpan.FromSeconds(60), "results after the bad commands");
            Assert.False(service.HasExited);

            service.Kill(); // SIGKILL: no clean disconnect, no offline message from the service itself
            await service.WaitForExitAsync();
            await recorder.WaitUntilAsync(m => m.Any(x => x.Topic == $"{Root}/status" && Json(x.Payload).GetProperty("state").GetString() == "offline"), TimeSpan.FromSeconds(60), "the will");
        }

        var lastBefore = Results(recorder.Messages).Max(r => r.GetProperty("msgSeq").GetInt64());
        output.WriteLine($"the first run published msgSeq up to {lastBefore}");
        var again = StartService(config);
        {
            await recorder.WaitUntilAsync(m => Results(m).Any(r => r.GetProperty("msgSeq").GetInt64() > lastBefore + 3), TimeSpan.FromSeconds(90), "results from the restarted service");
            again.Kill();
            await again.WaitForExitAsync();
        }

        // Across the kill and restart: every number from 1 up, none skipped (a duplicate is allowed: QoS 1, and the kill may
        // come between the broker's acknowledgement and the outbox delete).
        var numbers = Results(recorder.Messages).Select(r => r.GetProperty("msgSeq").GetInt64()).Distinct().Order().ToList();
        Assert.Equal(Enumerable.Range(1, numbers.Count).Select(i => (long)i), numbers);
        var frames = Results(recorder.Messages).Where(r => r.GetProperty("msgSeq").GetInt64() > lastBefore).Select(r => r.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(1, frames.Min()); // the pipeline's own numbering started again; the message numbering did not
    }

    private static List<JsonElement> Results(IReadOnlyList<(string Topic, string Payload, bool Retained)> messages) =>
        [.. messages.Where(m => m.Topic.EndsWith("/result", StringComparison.Ordinal)).Select(m => Json(m.Payload))];

    private static JsonElement Json(string payload) => JsonDocument.Parse(payload).RootElement;

    private static byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0xFF; // never valid UTF-8
        return bytes;
    }

    private string WriteConfig(int brokerPort)
    {
        var json = JsonNode.Parse(File.ReadAllText(RepositoryFiles.ShippedConfig))!.AsObject();
        json["device"] = "proc-1";
        json["dataDirectory"] = Path.Combine(_directory, "data");
        var camera = json["cameras"]![0]!.AsObject();
        camera["recipe"] = RepositoryFiles.DemoRecipe;
        camera["synthetic"]!["fps"] = 10;
        json["mqtt"] = JsonNode.Parse($$"""{ "broker": "127.0.0.1:{{brokerPort}}", "keepAliveSeconds": 5, "reconnect": { "minMs": 100, "maxMs": 1000 } }""");
        json["web"]!["enabled"] = false;
        var path = Path.Combine(_directory, "edgevision.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private Process StartService(string config)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "edgevision.dll");
        var info = new ProcessStartInfo("dotnet", [dll, "run", "--config", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        var process = Process.Start(info)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _logs.Add(log);
        _processes.Add(process);
        return process;
    }

    private readonly List<StringBuilder> _logs = [];
    private readonly List<Process> _processes = [];
}
