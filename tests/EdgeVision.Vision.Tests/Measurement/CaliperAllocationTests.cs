using EdgeVision.Vision.Drawing;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Measurement;

public sealed class CaliperAllocationTests
{
    [Fact]
    public void Finding_edges_pairs_and_fitting_them_allocates_nothing_once_warm()
    {
        using var gray = new Mat(120, 120, MatType.CV_8UC1, Scalar.All(200));
        CoverageShapes.FillDisc(gray, 60.4, 59.7, 30, Scalar.All(50));
        EdgeImages.FillStripe(gray, 60, 60, 10, 40, 48, 50);
        using var caliper = new Caliper();
        Span<EdgePoint> edges = stackalloc EdgePoint[8];
        Span<Point2d> points = stackalloc Point2d[32];
        Span<bool> inliers = stackalloc bool[32];
        var roi = new RotatedRoi(60, 60, 101, 5, 10);
        var search = new EdgeSearch(10, 3, EdgePolarity.DarkToLight, 30);
        var found = 0;

        // Warm up: the first call rents the profile buffers, and the JIT compiles everything.
        for (var i = 0; i < 3; i++)
        {
            found += caliper.FindEdges(gray, roi, EdgePolarity.Any, 20, edges);
            found += caliper.FindPair(gray, roi, EdgePolarity.LightToDark, EdgePolarity.DarkToLight, 20, 60, out _) ? 1 : 0;
            found += CaliperArray.AroundCircle(caliper, gray, new Point2d(60, 60), 30, 32, search, points);
            found += CircleFit.TryFit(points, 0.5, 20, 1, inliers, out _) ? 1 : 0;
            found += LineFit.TryFit(points[..8], 0.5, 20, 1, out _) ? 1 : 0;
        }

        // The quietest of three rounds: the test host now and then allocates on this thread by itself (see SteadyState);
        // spans on the stack cannot go into SteadyState's lambda.
        var allocated = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 300; i++)
            {
                found += caliper.FindEdges(gray, roi with { AngleDeg = 10 + (i % 7) }, EdgePolarity.Any, 20, edges);
                found += caliper.FindStrongestEdge(gray, roi, EdgePolarity.DarkToLight, 20, out _) ? 1 : 0;
                found += caliper.FindPair(gray, roi, EdgePolarity.LightToDark, EdgePolarity.DarkToLight, 20, 60, out _) ? 1 : 0;
                found += CaliperArray.AroundCircle(caliper, gray, new Point2d(60, 60), 30, 32, search, points);
                found += CircleFit.TryFit(points, 0.5, 20, i, inliers, out _) ? 1 : 0;
                found += LineFit.TryFit(points[..8], 0.5, 20, i, out _) ? 1 : 0;
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(found > 300 * 30, $"only {found} edges and fits found: the loop did not do the work it measures");
        Assert.Equal(0, allocated);
    }
}
