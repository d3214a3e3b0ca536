using EdgeVision.Acquisition.Synthetic;

namespace EdgeVision.Acquisition.Tests.Synthetic;

/// <summary>Field-by-field comparison of ground truth (the class has reference equality, being reused per frame).</summary>
internal static class TruthAssert
{
    public static void Equal(SyntheticPartTruth expected, SyntheticPartTruth actual)
    {
        Assert.Equal(expected.FrameIndex, actual.FrameIndex);
        Assert.Equal(expected.X, actual.X);
        Assert.Equal(expected.Y, actual.Y);
        Assert.Equal(expected.AngleDeg, actual.AngleDeg);
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Hole1, actual.Hole1);
        Assert.Equal(expected.Hole2, actual.Hole2);
        Assert.Equal(expected.IsDefective, actual.IsDefective);
        Assert.Equal(expected.Defect, actual.Defect);
        Assert.Equal(expected.SurfaceMark, actual.SurfaceMark);
    }
}
