using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace EdgeVision.Vision.Ocr;

/// <summary>
/// How a model did on labelled samples: the confusion matrix (rows the true label, columns the predicted one, plus a
/// last column for samples in which no character was found) and the accuracy.
/// </summary>
public sealed class OcrEvaluation
{
    private readonly int[] _counts;

    /// <summary>Creates an evaluation from its counts, <paramref name="labels"/>.Count × (Count + 1), row by row.</summary>
    public OcrEvaluation(IReadOnlyList<string> labels, ReadOnlySpan<int> counts)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var n = labels.Count;
        if (counts.Length != n * (n + 1))
        {
            ThrowHelper.ThrowArgument($"{n} labels need {n * (n + 1)} counts, not {counts.Length}.", nameof(counts));
        }

        var copy = new string[n];
        for (var i = 0; i < n; i++)
        {
            copy[i] = labels[i];
        }

        Labels = Array.AsReadOnly(copy);
        _counts = counts.ToArray();
        for (var i = 0; i < n; i++)
        {
            Correct += Count(i, i);
        }

        foreach (var c in _counts)
        {
            SampleCount += c;
        }
    }

    /// <summary>The labels of rows and columns.</summary>
    public ReadOnlyCollection<string> Labels { get; }

    /// <summary>The column index counting samples in which no character was found.</summary>
    public int NoneFound => Labels.Count;

    /// <summary>How many samples were evaluated.</summary>
    public int SampleCount { get; }

    /// <summary>How many were read as their own label (the diagonal).</summary>
    public int Correct { get; }

    /// <summary>The fraction read correctly (0 when there were no samples).</summary>
    public double Accuracy => SampleCount == 0 ? 0 : Correct / (double)SampleCount;

    /// <summary>How many samples of label <paramref name="actual"/> were read as <paramref name="predicted"/> (or <see cref="NoneFound"/>).</summary>
    public int Count(int actual, int predicted)
    {
        if ((uint)actual >= (uint)Labels.Count || (uint)predicted > (uint)Labels.Count)
        {
            ThrowHelper.ThrowArgument($"No cell ({actual}, {predicted}) in a {Labels.Count}-label matrix.", nameof(actual));
        }

        return _counts[(actual * (Labels.Count + 1)) + predicted];
    }

    /// <summary>The accuracy line followed by the confusion matrix as right-aligned text, true labels down, predictions across.</summary>
    public string Format()
    {
        var n = Labels.Count;
        var width = 1;
        foreach (var label in Labels)
        {
            width = Math.Max(width, label.Length);
        }

        foreach (var c in _counts)
        {
            width = Math.Max(width, c.ToString(CultureInfo.InvariantCulture).Length);
        }

        const string None = "none";
        const string Corner = "true\\read";
        var first = Math.Max(width, Corner.Length);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"accuracy {Accuracy * 100:F2} % ({Correct}/{SampleCount})").AppendLine();
        text.Append(Corner.PadRight(first));
        foreach (var label in Labels)
        {
            text.Append(' ').Append(label.PadLeft(width));
        }

        text.Append(' ').Append(None.PadLeft(Math.Max(width, None.Length))).AppendLine();
        for (var row = 0; row < n; row++)
        {
            text.Append(Labels[row].PadRight(first));
            for (var col = 0; col <= n; col++)
            {
                var cell = Count(row, col).ToString(CultureInfo.InvariantCulture);
                text.Append(' ').Append(cell.PadLeft(col == n ? Math.Max(width, None.Length) : width));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Format();
}
