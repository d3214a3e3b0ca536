using EdgeVision.Acquisition.Synthetic;

namespace EdgeVision.Acquisition.Tests.Synthetic;

public class ConveyorSceneTests
{
    private const int Parts = 400;

    [Fact]
    public void About_the_configured_fraction_of_parts_is_defective()
    {
        var scene = new ConveyorScene(new SyntheticConveyorOptions { Seed = 11, DefectRate = 0.25 });

        var defective = Enumerable.Range(0, Parts).Count(i => scene.TruthFor(i).IsDefective);

        Assert.InRange(defective / (double)Parts, 0.15, 0.35);
    }

    [Fact]
    public void Every_defect_kind_appears()
    {
        var scene = new ConveyorScene(new SyntheticConveyorOptions { Seed = 11, DefectRate = 0.25 });

        var kinds = Enumerable.Range(0, Parts).Select(i => scene.TruthFor(i)).Where(t => t.IsDefective).Select(t => t.Defect.Kind).ToHashSet();

        Assert.Equal(Enum.GetValues<SyntheticDefectKind>().ToHashSet(), kinds);
    }

    [Fact]
    public void A_zero_defect_rate_gives_only_good_parts()
    {
        var scene = new ConveyorScene(new SyntheticConveyorOptions { Seed = 3, DefectRate = 0 });

        var defective = Enumerable.Range(0, Parts).Count(i => scene.TruthFor(i).IsDefective);

        Assert.Equal(0, defective);
    }

    [Fact]
    public void The_truth_of_a_frame_does_not_depend_on_which_frames_were_asked_for_before()
    {
        var options = new SyntheticConveyorOptions { Seed = 5 };
        var inOrder = new ConveyorScene(options);
        var jumping = new ConveyorScene(options);
        var expected = Enumerable.Range(0, 20).Select(i => inOrder.TruthFor(i)).ToList();

        for (var i = 19; i >= 0; i--)
        {
            TruthAssert.Equal(expected[i], jumping.TruthFor(i));
        }
    }

    [Fact]
    public void Different_seeds_give_different_parts()
    {
        var a = new ConveyorScene(new SyntheticConveyorOptions { Seed = 1 }).TruthFor(0);
        var b = new ConveyorScene(new SyntheticConveyorOptions { Seed = 2 }).TruthFor(0);

        Assert.NotEqual(a.X, b.X);
        Assert.NotEqual(a.AngleDeg, b.AngleDeg);
    }

    [Fact]
    public void Holes_sit_half_the_spacing_either_side_of_the_centre_along_the_part()
    {
        var options = new SyntheticConveyorOptions { Seed = 9 };
        var scene = new ConveyorScene(options);

        for (var i = 0; i < 50; i++)
        {
            var t = scene.TruthFor(i);
            var a = t.AngleDeg * Math.PI / 180;

            Assert.Equal(t.X - (options.HoleSpacing / 2 * Math.Cos(a)), t.Hole1.X, 9);
            Assert.Equal(t.Y - (options.HoleSpacing / 2 * Math.Sin(a)), t.Hole1.Y, 9);
            Assert.Equal(t.X + (options.HoleSpacing / 2 * Math.Cos(a)), t.Hole2.X, 9);
            Assert.Equal(t.Y + (options.HoleSpacing / 2 * Math.Sin(a)), t.Hole2.Y, 9);
        }
    }

    [Fact]
    public void Hole_defects_change_exactly_one_hole()
    {
        var options = new SyntheticConveyorOptions { Seed = 21, DefectRate = 1 };
        var scene = new ConveyorScene(options);
        var seen = 0;

        for (var i = 0; i < Parts; i++)
        {
            var t = scene.TruthFor(i);
            switch (t.Defect.Kind)
            {
                case SyntheticDefectKind.MissingHole:
                    Assert.True(t.Hole1.Present ^ t.Hole2.Present, $"part {i}: exactly one hole should be missing");
                    seen++;
                    break;
                case SyntheticDefectKind.WrongHoleDiameter:
                    var wrong = new[] { t.Hole1.Diameter, t.Hole2.Diameter }.Count(d => Math.Abs(d - (0.8 * options.HoleDiameter)) < 1e-9 || Math.Abs(d - (1.2 * options.HoleDiameter)) < 1e-9);
                    Assert.Equal(1, wrong);
                    Assert.True(t.Hole1.Present && t.Hole2.Present);
                    seen++;
                    break;
                default:
                    Assert.True(t.Hole1.Present && t.Hole2.Present, $"part {i}: a surface defect leaves both holes");
                    Assert.InRange(Math.Abs(t.Hole1.Diameter - options.HoleDiameter), 0, 6 * options.HoleDiameterSpread);
                    break;
            }
        }

        Assert.True(seen > Parts / 4, $"only {seen} hole defects among {Parts} defective parts");
    }

    [Fact]
    public void Every_part_lies_wholly_inside_the_image_at_an_angle_within_the_limit()
    {
        var options = new SyntheticConveyorOptions { Seed = 13 };
        var scene = new ConveyorScene(options);

        for (var i = 0; i < Parts; i++)
        {
            var t = scene.TruthFor(i);

            Assert.InRange(t.AngleDeg, -options.MaxAngle, options.MaxAngle);
            foreach (var (u, v) in new[] { (-1, -1), (1, -1), (1, 1), (-1, 1) })
            {
                var (x, y) = ConveyorScene.ToImage(t, u * t.Length / 2, v * t.Width / 2);
                Assert.InRange(x, 0, options.Width - 1);
                Assert.InRange(y, 0, options.Height - 1);
            }
        }
    }
}
