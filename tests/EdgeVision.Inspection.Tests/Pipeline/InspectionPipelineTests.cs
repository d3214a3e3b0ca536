using EdgeVision.Acquisition.Frames;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision;
using Xunit.Abstractions;

namespace EdgeVision.Inspection.Tests.Pipeline;

public class InspectionPipelineTests(SyntheticInspectionRun run, ITestOutputHelper output) : IClassFixture<SyntheticInspectionRun>
{
    [Fact]
    public void A_part_fails_exactly_when_it_was_made_defective()
    {
        var wrong = run.Inspected.Where(f => (f.Verdict == Verdict.Fail) != f.Truth.IsDefective)
            .Select(f => $"frame {f.Truth.FrameIndex}: defective {f.Truth.IsDefective} ({f.Truth.Defect.Kind}), verdict {f.Verdict} [{string.Join(", ", f.Reasons)}]")
            .ToList();

        output.WriteLine($"{run.Inspected.Count(f => f.Truth.IsDefective)} of {run.Inspected.Count} parts defective");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.InRange(run.Inspected.Count(f => f.Truth.IsDefective), 30, 90);
    }

    [Fact]
    public void A_failed_part_is_failed_for_the_reason_of_its_defect()
    {
        var wrong = new List<string>();
        var kinds = new HashSet<SyntheticDefectKind>();

        foreach (var f in run.Inspected.Where(f => f.Truth.IsDefective))
        {
            var expected = f.Truth.Defect.Kind switch
            {
                SyntheticDefectKind.MissingHole => "HOLE_MISSING",
                SyntheticDefectKind.WrongHoleDiameter => "HOLE_DIAMETER",
                _ => "SURFACE_DEFECT",
            };
            kinds.Add(f.Truth.Defect.Kind);
            if (f.Reasons.Count != 1 || f.Reasons[0] != expected)
            {
                wrong.Add($"frame {f.Truth.FrameIndex}: {f.Truth.Defect.Kind} failed for [{string.Join(", ", f.Reasons)}], expected [{expected}]");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Equal(4, kinds.Count);
    }

    [Fact]
    public void The_reason_names_in_the_result_follow_the_defect_kind()
    {
        foreach (var f in run.Inspected.Where(f => f.Truth.IsDefective))
        {
            var expected = f.Truth.Defect.Kind switch
            {
                SyntheticDefectKind.MissingHole => "HOLE_MISSING",
                SyntheticDefectKind.WrongHoleDiameter => "HOLE_DIAMETER",
                _ => "SURFACE_DEFECT",
            };

            Assert.Equal([expected], f.Result.Reasons);
        }
    }

    [Fact]
    public void The_defect_listed_in_the_result_lies_where_the_defect_was_drawn()
    {
        var wrong = new List<string>();
        foreach (var f in run.Inspected.Where(f => f.Truth.IsDefective))
        {
            var expectedKind = f.Truth.Defect.Kind switch
            {
                SyntheticDefectKind.MissingHole => "hole-missing",
                SyntheticDefectKind.WrongHoleDiameter => "hole-diameter",
                SyntheticDefectKind.Scratch => "scratch",
                _ => "spot",
            };
            var drawn = f.Truth.Defect;
            var hits = f.Result.Defects.Where(d => d.Kind == expectedKind && Overlaps(d, drawn)).ToList();
            if (hits.Count == 0 || f.Result.Defects.Count != 1)
            {
                wrong.Add($"frame {f.Truth.FrameIndex}: drawn {expectedKind} at ({drawn.X}, {drawn.Y}, {drawn.Width}×{drawn.Height}), result lists "
                    + string.Join("; ", f.Result.Defects.Select(d => $"{d.Kind} ({d.X}, {d.Y}, {d.Width}×{d.Height})")));
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void Every_stage_is_timed_for_every_frame()
    {
        foreach (var f in run.Inspected)
        {
            // Every stage that touches pixels takes measurable time; judging is a few comparisons and this recipe does not
            // undistort, so those two only must not be negative.
            foreach (var stage in Enum.GetValues<Stage>())
            {
                var idle = stage is Stage.Judge or Stage.Undistort;
                Assert.True(idle ? f.Clock.Ticks(stage) >= 0 : f.Clock.Ticks(stage) > 0, $"frame {f.Truth.FrameIndex}: no time charged to {stage}");
            }

            Assert.Equal(["debayer", "color", "gray", "undistort", "locate", "tools", "judge"], f.Result.Timings.Select(t => t.Stage));
            Assert.Equal(f.Clock.Milliseconds(Stage.Locate), f.Result.Timings[4].Milliseconds);
            Assert.Equal(["part", "hole_left", "hole_right", "surface"], f.Result.Tools.Select(t => t.Name));
            Assert.All(f.Result.Tools, t => Assert.True(t.Milliseconds > 0, $"tool {t.Name} has no time"));
            Assert.Equal(f.Result.Timings.Sum(t => t.Milliseconds), f.Result.TotalMilliseconds, 9);
        }
    }

    [Fact]
    public void Results_carry_measurements_named_after_the_recipe()
    {
        var result = run.Inspected.First(f => !f.Truth.IsDefective).Result;

        Assert.Equal(["part.length", "part.width", "hole_left.diameter", "hole_right.diameter", "surface.count"], result.Measurements.Select(m => m.Name));
        Assert.All(result.Measurements.Take(4), m => Assert.Equal("px", m.Unit));
        Assert.Equal(new MeasurementResult("surface.count", 0, "count", 0, 0, 0, true), result.Measurements[4]);
        Assert.All(result.Measurements, m => Assert.True(m.Pass, $"{m.Name} = {m.Value} failed on a good part"));
        var left = result.Measurements[2];
        Assert.Equal((64.0, 1.5, 1.5), (left.Nominal, left.Minus, left.Plus));
        Assert.Equal(new MeasurementResult("part.length", result.Measurements[0].Value, "px", 440, 4, 4, true), result.Measurements[0]);
    }

    [Fact]
    public void Results_identify_the_station_recipe_and_frame()
    {
        var f = run.Inspected[17];

        Assert.Equal("station-1", f.Result.Device);
        Assert.Equal("synthetic", f.Result.Camera);
        Assert.Equal(18, f.Result.Sequence);
        Assert.Equal(17, f.Result.FrameSequence);
        Assert.Equal("demo-plate", f.Result.Recipe);
        Assert.Equal(run.Recipe.Checksum, f.Result.RecipeChecksum);
        Assert.Equal(f.Verdict, f.Result.Verdict);
    }

    [Fact]
    public void Measured_hole_diameters_agree_with_the_drawn_ones()
    {
        var errors = new List<double>();
        foreach (var f in run.Inspected)
        {
            foreach (var m in f.Holes.Where(h => h.Present))
            {
                var truth = Nearest(f.Truth, m.X, m.Y);
                errors.Add(m.Diameter - truth.Diameter);
            }
        }

        var rms = Math.Sqrt(errors.Average(e => e * e));
        output.WriteLine($"{errors.Count} holes: diameter RMS error {rms:F4} px, worst {errors.Max(Math.Abs):F4} px");
        Assert.True(rms <= 0.1, $"diameter RMS error {rms:F4} px");
    }

    [Fact]
    public void A_frame_without_a_part_fails_as_part_not_found_and_skips_the_fixtured_tools()
    {
        using var pool = new FramePool(1, run.Options.Width, run.Options.Height, PixelFormat.BayerRggb8);
        using var pipeline = new InspectionPipeline(run.Recipe, "station-1", "synthetic");
        var record = new InspectionRecord();
        var frame = pool.TryRent(TimeSpan.Zero)!; // pool frames start black

        pipeline.Inspect(frame, record);
        var result = pipeline.ToResult(record, 1, DateTimeOffset.UnixEpoch);
        frame.Release();

        Assert.Equal(["PART_NOT_FOUND"], result.Reasons);
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.False(result.Pose.Found);
        Assert.Equal(["part.length", "part.width"], result.Measurements.Select(m => m.Name));
        Assert.All(result.Measurements, m => Assert.True(double.IsNaN(m.Value) && !m.Pass));
        Assert.Empty(result.Defects);
        Assert.Equal([ToolStatus.NotFound, ToolStatus.Skipped, ToolStatus.Skipped, ToolStatus.Skipped], result.Tools.Select(t => t.Status));
    }

    private static bool Overlaps(DefectResult found, DefectTruth drawn) =>
        found.X < drawn.X + drawn.Width && drawn.X < found.X + found.Width && found.Y < drawn.Y + drawn.Height && drawn.Y < found.Y + found.Height;

    private static HoleTruth Nearest(SyntheticPartTruth truth, double x, double y)
    {
        var d1 = Math.Pow(truth.Hole1.X - x, 2) + Math.Pow(truth.Hole1.Y - y, 2);
        var d2 = Math.Pow(truth.Hole2.X - x, 2) + Math.Pow(truth.Hole2.Y - y, 2);
        return d1 <= d2 ? truth.Hole1 : truth.Hole2;
    }
}
