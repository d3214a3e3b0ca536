using System.Diagnostics;
using System.Text.Json;

namespace EdgeVision.Mqtt.Tests.HomeAssistant;

/// <summary>
/// Renders Home Assistant value templates with the real Jinja2 (Debian's python3-jinja2, the engine Home Assistant
/// uses), the way its MQTT integration does: the payload as <c>value</c>, parsed JSON as <c>value_json</c>.
/// </summary>
internal static class Jinja
{
    private const string Script = """
        import json, sys
        import jinja2
        env = jinja2.Environment(undefined=jinja2.StrictUndefined)
        out = []
        for job in json.load(sys.stdin):
            out.append(env.from_string(job["template"]).render(value=job["payload"], value_json=json.loads(job["payload"])))
        json.dump(out, sys.stdout)
        """;

    /// <summary>Renders each template against its payload; throws with Python's error text when one fails.</summary>
    public static IReadOnlyList<string> Render(IEnumerable<(string Template, string Payload)> jobs)
    {
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", Script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        process.StandardInput.Write(JsonSerializer.Serialize(jobs.Select(j => new { template = j.Template, payload = j.Payload })));
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Jinja2 rendering failed (is Debian's python3-jinja2 installed?): {stderr}");
        }

        return JsonSerializer.Deserialize<List<string>>(stdout.Result) ?? [];
    }
}
