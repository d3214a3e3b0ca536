using System.Globalization;
using System.Text.Json;
using EdgeVision.Acquisition.Frames;
using EdgeVision.Acquisition.Synthetic;
using OpenCvSharp;

namespace EdgeVision.Service.Cli;

/// <summary>
/// <c>edgevision synthesize</c>: writes frames of the synthetic conveyor as raw Bayer PNGs (what a camera
/// recording holds) with a <c>truth.jsonl</c> of each part's true pose, holes and defect, for trying and testing
/// replay without a camera.
/// </summary>
public static class SynthesizeCommand
{
    /// <summary>Writes <paramref name="count"/> frames into <paramref name="outDirectory"/>; returns the exit code.</summary>
    public static int Run(string outDirectory, int count, int seed, double defectRate, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        Directory.CreateDirectory(outDirectory);
        var options = new SyntheticConveyorOptions { FramesPerSecond = 0, Seed = (ulong)seed, DefectRate = defectRate };
        using var camera = new SyntheticConveyorCamera("synthetic", options);
        using var pool = new FramePool(1, options.Width, options.Height, options.Format);
        using var truth = new FileStream(Path.Combine(outDirectory, "truth.jsonl"), FileMode.Create);
        camera.Open();
        for (var i = 0; i < count; i++)
        {
            var frame = pool.TryRent(TimeSpan.FromSeconds(1)) ?? throw new InvalidOperationException("frame pool exhausted");
            try
            {
                camera.Capture(frame, CancellationToken.None);
                var name = string.Create(CultureInfo.InvariantCulture, $"frame-{i:D5}.png");
                Cv2.ImWrite(Path.Combine(outDirectory, name), frame.Image);
                var t = (SyntheticPartTruth)frame.Truth!;
                using (var w = new Utf8JsonWriter(truth))
                {
                    w.WriteStartObject();
                    w.WriteString("file", name);
                    w.WriteBoolean("defective", t.IsDefective);
                    w.WriteString("defect", t.Defect.Kind.ToString());
                    w.WriteNumber("x", t.X);
                    w.WriteNumber("y", t.Y);
                    w.WriteNumber("angle", t.AngleDeg);
                    w.WriteNumber("hole1", t.Hole1.Diameter);
                    w.WriteNumber("hole2", t.Hole2.Diameter);
                    w.WriteEndObject();
                }

                truth.WriteByte((byte)'\n');
            }
            finally
            {
                frame.Release();
            }
        }

        stdout.WriteLine($"wrote {count} raw RGGB frames ({options.Width}×{options.Height}) and truth.jsonl to {Path.GetFullPath(outDirectory)}");
        return 0;
    }
}
