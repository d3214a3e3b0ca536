using System.Text.Json;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Statistics;
using EdgeVision.Service.Cli;
using EdgeVision.Service.Tests.Configuration;

namespace EdgeVision.Service.Tests.Cli;

public class ReplayCommandTests
{
    [Fact]
    public void Replay_of_synthesized_frames_gives_one_result_line_per_frame_with_the_true_verdict()
    {
        using var dir = new TempDirectory();
        var frames = Path.Combine(dir.Path, "frames");
        var output = Path.Combine(dir.Path, "out");
        Assert.Equal(0, SynthesizeCommand.Run(frames, 24, seed: 5, defectRate: 0.4, TextWriter.Null));
        var stdout = new StringWriter();

        var code = ReplayCommand.Run(RepositoryFiles.DemoRecipe, frames, output, annotate: true, stdout, TextWriter.Null);

        Assert.Equal(0, code);
        var truth = File.ReadAllLines(Path.Combine(frames, "truth.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var results = File.ReadAllLines(Path.Combine(output, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(24, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            Assert.Equal(truth[i].GetProperty("file").GetString(), results[i].GetProperty("file").GetString());
            var expected = truth[i].GetProperty("defective").GetBoolean() ? "fail" : "pass";
            Assert.True(expected == results[i].GetProperty("verdict").GetString(), $"{truth[i].GetProperty("file")}: {truth[i].GetProperty("defect")} judged {results[i].GetProperty("verdict")}");
            Assert.Equal(i, results[i].GetProperty("frame").GetInt64());
        }

        Assert.Equal(24, Directory.GetFiles(Path.Combine(output, "annotated"), "*.jpg").Length);
        var summary = stdout.ToString();
        Assert.Contains("parts 24:", summary, StringComparison.Ordinal);
        Assert.Contains("hole_left.diameter", summary, StringComparison.Ordinal);
        Assert.Equal(summary, File.ReadAllText(Path.Combine(output, "summary.txt")) + $"results: {Path.Combine(output, "results.jsonl")}, annotated images: {Path.Combine(output, "annotated")}{Environment.NewLine}");
    }

    [Fact]
    public void Replay_refuses_an_invalid_recipe_with_exit_code_2_and_a_missing_source_with_1()
    {
        using var dir = new TempDirectory();
        var bad = Path.Combine(dir.Path, "bad.json");
        File.WriteAllText(bad, "{ \"schemaVersion\": 2, \"name\": \"x\", \"tools\": [ { \"type\": \"nope\", \"name\": \"a\" } ] }");
        var stderr = new StringWriter();

        Assert.Equal(2, ReplayCommand.Run(bad, dir.Path, null, annotate: false, TextWriter.Null, stderr));
        Assert.Contains("tools[0].type: unknown tool type 'nope'", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, ReplayCommand.Run(RepositoryFiles.DemoRecipe, Path.Combine(dir.Path, "nowhere"), null, annotate: false, TextWriter.Null, stderr));
        Assert.Equal(1, ReplayCommand.Run(RepositoryFiles.DemoRecipe, dir.Path, null, annotate: false, TextWriter.Null, stderr));
        Assert.Contains("holds no image files", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_of_a_video_inspects_every_frame_in_order()
    {
        using var dir = new TempDirectory();
        var video = Path.Combine(dir.Path, "clip.mp4");
        using (var ffmpeg = System.Diagnostics.Process.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-frames:v", "12", "-y", video])!)
        {
            Assert.True(ffmpeg.WaitForExit(60_000), "ffmpeg did not finish");
            Assert.Equal(0, ffmpeg.ExitCode);
        }

        var output = Path.Combine(dir.Path, "out");
        var stdout = new StringWriter();

        Assert.Equal(0, ReplayCommand.Run(RepositoryFiles.DemoRecipe, video, output, annotate: false, stdout, TextWriter.Null));

        var lines = File.ReadAllLines(Path.Combine(output, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"clip.mp4#{i:D6}"), lines.Select(l => l.GetProperty("file").GetString()));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), lines.Select(l => l.GetProperty("frame").GetInt64()));

        // The test pattern has no plate on it: every frame fails for the fixture and says so.
        Assert.All(lines, l => Assert.Equal("PART_NOT_FOUND", l.GetProperty("reasons")[0].GetString()));
        Assert.Contains("parts 12: pass 0, fail 12", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cpk_mean_and_deviation_follow_their_definitions()
    {
        var s = new MeasurementStatistics("gap.width", "mm", 9.9, 10.2);
        foreach (var v in new[] { 10.0, 10.1, 10.05, 9.95, 10.0 })
        {
            s.Add(v, pass: true);
        }

        Assert.Equal(10.02, s.Mean, 9);
        var sigma = Math.Sqrt(((0.02 * 0.02) + (0.08 * 0.08) + (0.03 * 0.03) + (0.07 * 0.07) + (0.02 * 0.02)) / 4);
        Assert.Equal(sigma, s.StdDev, 9);
        Assert.Equal(Math.Min(10.2 - 10.02, 10.02 - 9.9) / (3 * sigma), s.Cpk, 9);
        Assert.Equal((9.95, 10.1), (s.Min, s.Max));
        var oneSided = new MeasurementStatistics("surface.count", "count", double.NegativeInfinity, 2);
        oneSided.Add(0, true);
        oneSided.Add(1, true);
        Assert.Equal((2 - 0.5) / (3 * Math.Sqrt(0.5)), oneSided.Cpk, 9);
    }
}
