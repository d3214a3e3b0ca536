using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeVision.Acquisition.Replay;
using EdgeVision.Inspection.Overlay;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Inspection.Settings;
using EdgeVision.Inspection.Statistics;
using OpenCvSharp;

namespace EdgeVision.Service.Cli;

/// <summary>
/// <c>edgevision replay</c>: runs a recipe on every image of a folder or frame of a video, writes
/// <c>results.jsonl</c> (the MQTT result JSON plus the file name) and annotated images, and prints a summary with
/// each measurement's mean, standard deviation, range and Cpk.
/// </summary>
public static class ReplayCommand
{
    /// <summary>Runs the replay; returns the process exit code (0 done, 1 source problem, 2 invalid recipe).</summary>
    public static int Run(string recipePath, string source, string? outDirectory, bool annotate, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        Recipe recipe;
        try
        {
            recipe = RecipeLoader.Load(recipePath);
        }
        catch (SettingsException e)
        {
            stderr.WriteLine(e.Message);
            return 2;
        }

        ReplayReader reader;
        try
        {
            reader = new ReplayReader(source);
        }
        catch (FileNotFoundException e)
        {
            stderr.WriteLine($"replay: {e.Message}");
            return 1;
        }

        var total = reader.Count;
        if (!reader.IsVideo && total == 0)
        {
            stderr.WriteLine($"replay: '{source}' holds no image files (.png, .jpg, .bmp, .tif, .pgm, .ppm)");
            return 1;
        }

        var output = outDirectory ?? Path.Combine(Environment.CurrentDirectory, "replay-out");
        Directory.CreateDirectory(output);
        var annotatedDir = Path.Combine(output, "annotated");
        if (annotate)
        {
            Directory.CreateDirectory(annotatedDir);
        }

        var stats = new RunStatistics();
        var progress = Console.IsErrorRedirected ? null : new ProgressBar(stderr, total);
        var clock = Stopwatch.StartNew();
        using var inspector = new ImageInspector(recipe, "replay", Path.GetFileName(Path.TrimEndingDirectorySeparator(source)));
        using var jsonl = new FileStream(Path.Combine(output, "results.jsonl"), FileMode.Create, FileAccess.Write);
        using var canvas = new Mat();
        try
        {
            foreach (var image in reader.Read())
            {
                using (image)
                {
                    var result = inspector.Inspect(image.Image, frameNumber: image.Index);
                    stats.Add(result);
                    using (var writer = new Utf8JsonWriter(jsonl))
                    {
                        InspectionResultJson.Write(writer, result, image.Name);
                    }

                    jsonl.WriteByte((byte)'\n');
                    if (annotate)
                    {
                        inspector.Pipeline.ColorImage.CopyTo(canvas);
                        OverlayRenderer.Draw(canvas, result);
                        var name = Path.GetFileNameWithoutExtension(image.Name.Replace('#', '_')) + ".jpg";
                        Cv2.ImWrite(Path.Combine(annotatedDir, name), canvas, [(int)ImwriteFlags.JpegQuality, 90]);
                    }

                    progress?.Update(stats.Parts, clock.Elapsed);
                }
            }
        }
        catch (InvalidDataException e)
        {
            progress?.Finish();
            stderr.WriteLine($"replay: {e.Message}");
            return 1;
        }

        progress?.Finish();
        var summary = Summarize(recipe, source, stats, clock.Elapsed);
        stdout.Write(summary);
        File.WriteAllText(Path.Combine(output, "summary.txt"), summary);
        stdout.WriteLine($"results: {Path.Combine(output, "results.jsonl")}{(annotate ? $", annotated images: {annotatedDir}" : string.Empty)}");
        return 0;
    }

    /// <summary>The printed summary: counts, reasons, and a table of measurement statistics.</summary>
    public static string Summarize(Recipe recipe, string source, RunStatistics stats, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(stats);
        var c = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine(c, $"recipe {recipe.Name} ({recipe.Checksum}) on {source}");
        var rate = stats.Parts > 0 ? elapsed.TotalMilliseconds / stats.Parts : 0;
        b.AppendLine(c, $"parts {stats.Parts}: pass {stats.Passed}, fail {stats.Failed} (yield {(stats.Parts > 0 ? 100.0 * stats.Passed / stats.Parts : 0):F1} %), {rate:F1} ms per image");
        foreach (var (reason, count) in stats.Reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            b.AppendLine(c, $"  {reason,-24} {count,6}");
        }

        if (stats.Measurements.Count > 0)
        {
            b.AppendLine(c, $"{"measurement",-28} {"unit",-6} {"n",6} {"mean",11} {"std",10} {"min",11} {"max",11} {"fail",5} {"Cpk",7}");
            foreach (var m in stats.Measurements)
            {
                b.AppendLine(c, $"{m.Name,-28} {m.Unit,-6} {m.Count,6} {F(m.Mean, 11, 4)} {F(m.StdDev, 10, 4)} {F(m.Min, 11, 4)} {F(m.Max, 11, 4)} {m.Failed,5} {F(m.Cpk, 7, 2)}");
            }
        }

        return b.ToString();
    }

    private static string F(double v, int width, int decimals) =>
        (double.IsFinite(v) ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "-").PadLeft(width);

    /// <summary>A one-line progress bar on a terminal.</summary>
    private sealed class ProgressBar(TextWriter writer, int total)
    {
        private long _lastDraw;

        public void Update(int done, TimeSpan elapsed)
        {
            var now = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(_lastDraw, now).TotalMilliseconds < 100 && done != total)
            {
                return;
            }

            _lastDraw = now;
            const int Width = 30;
            var fraction = total > 0 ? Math.Min(1, (double)done / total) : 0;
            var filled = (int)(fraction * Width);
            var perImage = done > 0 ? elapsed.TotalMilliseconds / done : 0;
            var of = total > 0 ? $"/{total}" : string.Empty;
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {done}{of}  {perImage:F1} ms/image "));
        }

        public void Finish() => writer.WriteLine();
    }
}
