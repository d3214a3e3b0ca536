using EdgeVision.Acquisition.Frames;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Vision;
using EdgeVision.Vision.Color;
using EdgeVision.Vision.Measurement;
using Xunit.Abstractions;

namespace EdgeVision.Acquisition.Tests.Synthetic;

/// <summary>The vision tools run on synthetic conveyor frames and are checked against the scene's ground truth.</summary>
public class SyntheticGroundTruthTests(ITestOutputHelper output)
{
    private const int Frames = 40;
    private const double Threshold = 140;
    private const int MinArea = 50000;
    private const double MinContrast = 40;

    // Bounds: pose centre ≤ 0.25 px, angle ≤ 0.2°, hole diameter error RMS ≤ 0.1 px and max ≤ 0.3 px over present holes.
    private const double MaxCentreError = 0.25;
    private const double MaxAngleError = 0.2;
    private const double MaxDiameterRms = 0.1;
    private const double MaxDiameterError = 0.3;

    [Fact]
    public void Locating_the_part_and_gauging_its_holes_matches_the_ground_truth()
    {
        var options = new SyntheticConveyorOptions { Width = 1280, Height = 960, FramesPerSecond = 0, Seed = 2024, DefectRate = 0.3 };
        using var camera = new SyntheticConveyorCamera("cam", options);
        using var pool = new FramePool(1, options.Width, options.Height, options.Format);
        var gains = SyntheticConveyorCamera.SensorGains;
        using var color = new ColorPipeline(new ColorCorrection(1 / gains.R, 1 / gains.G, 1 / gains.B, [1, 0, 0, 0, 1, 0, 0, 0, 1]));
        using var locator = new BlobLocator();
        camera.Open();
        double worstCentre = 0, worstAngle = 0, worstDiameter = 0, diameterSquares = 0;
        int present = 0, absent = 0;

        for (var i = 0; i < Frames; i++)
        {
            var frame = pool.TryRent(TimeSpan.Zero)!;
            Assert.True(camera.Capture(frame, CancellationToken.None));
            var truth = ((SyntheticPartTruth)frame.Truth!).Clone();
            var clock = StageClock.StartNew();
            color.Process(frame.Image, frame.Format, ref clock);
            frame.Release();

            var pose = locator.Locate(color.Gray, Threshold, MinArea);

            Assert.True(pose.Found, $"frame {i}: part not found");
            var centreError = Math.Sqrt(Math.Pow(pose.X - truth.X, 2) + Math.Pow(pose.Y - truth.Y, 2));
            var angleError = Math.Abs(PartPose.WrapAxisAngle(pose.AngleDeg - truth.AngleDeg)); // the plate is symmetric: 180° off is the same pose
            Assert.True(centreError <= MaxCentreError, $"frame {i}: centre off by {centreError:F3} px");
            Assert.True(angleError <= MaxAngleError, $"frame {i}: angle off by {angleError:F3}° (truth {truth.AngleDeg:F3}°)");
            worstCentre = Math.Max(worstCentre, centreError);
            worstAngle = Math.Max(worstAngle, angleError);

            foreach (var u in new[] { -options.HoleSpacing / 2, options.HoleSpacing / 2 })
            {
                var (x, y) = pose.ToImage(u, 0);
                var m = HoleGauge.Measure(color.Gray, x, y, options.HoleDiameter, MinContrast);
                var hole = Nearest(truth, x, y);
                Assert.True(hole.Present == m.Present, $"frame {i}: hole at ({hole.X:F1}, {hole.Y:F1}) is {(hole.Present ? "present" : "absent")} but measured {(m.Present ? "present" : "absent")}");
                if (!hole.Present)
                {
                    absent++;
                    continue;
                }

                var error = m.Diameter - hole.Diameter;
                Assert.True(Math.Abs(error) <= MaxDiameterError, $"frame {i}: diameter {m.Diameter:F3} px vs truth {hole.Diameter:F3} px");
                diameterSquares += error * error;
                worstDiameter = Math.Max(worstDiameter, Math.Abs(error));
                present++;
            }
        }

        var rms = Math.Sqrt(diameterSquares / present);
        output.WriteLine($"{Frames} frames: worst centre {worstCentre:F3} px, worst angle {worstAngle:F3}°, diameter RMS {rms:F4} px (worst {worstDiameter:F3}) over {present} holes, {absent} absent");
        Assert.True(rms <= MaxDiameterRms, $"hole diameter RMS error {rms:F4} px > {MaxDiameterRms} px");
        Assert.True(absent > 0, "the seed should give at least one missing hole to check");
    }

    private static HoleTruth Nearest(SyntheticPartTruth truth, double x, double y)
    {
        var d1 = Math.Pow(truth.Hole1.X - x, 2) + Math.Pow(truth.Hole1.Y - y, 2);
        var d2 = Math.Pow(truth.Hole2.X - x, 2) + Math.Pow(truth.Hole2.Y - y, 2);
        return d1 <= d2 ? truth.Hole1 : truth.Hole2;
    }
}
