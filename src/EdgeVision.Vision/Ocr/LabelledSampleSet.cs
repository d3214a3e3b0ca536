using System.Collections;
using OpenCvSharp;

namespace EdgeVision.Vision.Ocr;

/// <summary>Labelled character images that own their Mats: disposing the set disposes every image.</summary>
public sealed class LabelledSampleSet : IReadOnlyList<(Mat Image, string Label)>, IDisposable
{
    private readonly List<(Mat Image, string Label)> _samples;

    /// <summary>Takes ownership of <paramref name="samples"/>' images.</summary>
    public LabelledSampleSet(IEnumerable<(Mat Image, string Label)> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        _samples = [.. samples];
    }

    /// <inheritdoc/>
    public int Count => _samples.Count;

    /// <inheritdoc/>
    public (Mat Image, string Label) this[int index] => _samples[index];

    /// <inheritdoc/>
    public IEnumerator<(Mat Image, string Label)> GetEnumerator() => _samples.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var (image, _) in _samples)
        {
            image.Dispose();
        }

        _samples.Clear();
    }
}
