using EdgeVision.Vision.Ocr;

namespace EdgeVision.Vision.Tests.Ocr;

public class KnnClassifierTests
{
    // Label 0 near the origin, label 1 around (10, 0), label 2 alone at (5, 5).
    private static readonly float[] Points = [0, 0, 1, 0, 0, 1, 10, 0, 11, 0, 10, 1, 5, 5];
    private static readonly int[] Labels = [0, 0, 0, 1, 1, 1, 2];

    [Fact]
    public void With_k1_the_nearest_point_decides_and_its_distance_is_reported()
    {
        var knn = new KnnClassifier(Points, Labels, 2, k: 1);

        var nearOrigin = knn.Classify([0.2f, 0.1f]);
        var nearLonely = knn.Classify([5, 4]);

        Assert.Equal((0, 1, 1), (nearOrigin.Label, nearOrigin.Votes, nearOrigin.Neighbours));
        Assert.Equal(MathF.Sqrt(0.05f), nearOrigin.NearestDistance, 5);
        Assert.Equal(2, nearLonely.Label);
        Assert.Equal(1f, nearLonely.NearestDistance, 5);
        Assert.Equal(1f, nearLonely.Confidence);
    }

    [Fact]
    public void With_k3_a_majority_beats_a_nearer_single_point()
    {
        var knn = new KnnClassifier(Points, Labels, 2, k: 3);

        // Nearest is the lonely label 2 at distance 1.8; the next two are label 1 points, so label 1 wins 2 votes to 1.
        var match = knn.Classify([6.8f, 5]);

        Assert.Equal(1, match.Label);
        Assert.Equal(2, match.Votes);
        Assert.Equal(3, match.Neighbours);
        Assert.Equal(2f / 3, match.Confidence, 5);
        Assert.Equal(Distance(6.8f, 5, 10, 1), match.NearestDistance, 4);
    }

    [Fact]
    public void With_k3_a_three_way_tie_goes_to_the_label_of_the_nearest_point()
    {
        float[] points = [0, 0, 3, 0, 0, 4];
        int[] labels = [5, 6, 7];
        var knn = new KnnClassifier(points, labels, 2, k: 3);

        var nearSecond = knn.Classify([2, 0]);
        var nearThird = knn.Classify([0, 3]);

        Assert.Equal(6, nearSecond.Label);
        Assert.Equal(1, nearSecond.Votes);
        Assert.Equal(1f / 3, nearSecond.Confidence, 5);
        Assert.Equal(7, nearThird.Label);
        Assert.Equal(1f, nearThird.NearestDistance, 5);
    }

    [Fact]
    public void With_k4_a_two_two_tie_goes_to_the_label_holding_the_nearest_point()
    {
        float[] points = [0, 0, 0, 2, 5, 0, 5, 2];
        int[] labels = [0, 0, 1, 1];
        var knn = new KnnClassifier(points, labels, 2, k: 4);

        var leftish = knn.Classify([2.4f, 1]);
        var rightish = knn.Classify([2.6f, 1]);

        Assert.Equal((0, 2), (leftish.Label, leftish.Votes));
        Assert.Equal((1, 2), (rightish.Label, rightish.Votes));
    }

    [Fact]
    public void A_k_larger_than_the_sample_count_lets_every_sample_vote()
    {
        var knn = new KnnClassifier(Points, Labels, 2, k: 20);

        var match = knn.Classify([0, 0]);

        Assert.Equal(7, match.Neighbours);
        Assert.Equal(0, match.Label);
        Assert.Equal(3, match.Votes);
    }

    [Fact]
    public void Vector_and_scalar_distances_agree_for_every_length_around_the_lane_width()
    {
        var random = new Random(3);
        for (var length = 1; length <= 70; length++)
        {
            var a = new float[length];
            var b = new float[length];
            for (var i = 0; i < length; i++)
            {
                a[i] = (float)random.NextDouble();
                b[i] = (float)random.NextDouble();
            }

            var scalar = KnnClassifier.SquaredDistanceScalar(a, b);
            var simd = KnnClassifier.SquaredDistanceSimd(a, b);
            var bounded = KnnClassifier.BoundedSquaredDistance(a, b, float.PositiveInfinity);

            Assert.Equal(scalar, simd, 4);
            Assert.Equal(scalar, bounded, 4);
            Assert.True(KnnClassifier.BoundedSquaredDistance(a, b, scalar / 2) >= scalar / 2);
        }
    }

    [Fact]
    public void Inconsistent_training_data_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new KnnClassifier(new float[5], new int[3], 2));
        Assert.Throws<ArgumentException>(() => new KnnClassifier(new float[6], new int[3], 2, k: 0));
        Assert.Throws<ArgumentException>(() => new KnnClassifier(new float[6], new int[3], 2).Classify(new float[1]));
    }

    private static float Distance(float x0, float y0, float x1, float y1) => MathF.Sqrt(((x1 - x0) * (x1 - x0)) + ((y1 - y0) * (y1 - y0)));
}
