using OpenCvSharp;

namespace EdgeVision.Vision.Ocr;

/// <summary>
/// Cuts an upright text patch (one line, roughly horizontal) into character boxes: threshold, connected components,
/// specks and optionally border-touching components dropped, components that share columns merged into one
/// character, characters much wider than tall (neighbours touching through serifs) cut at their thinnest column,
/// boxes ordered left to right. Owns its scratch images and index buffers and reuses them call after call.
/// </summary>
public sealed partial class CharacterSegmenter : IDisposable
{
    private readonly CharacterSegmenterOptions _options;
    private readonly Mat _binary = new();
    private readonly Mat _labels = new();
    private readonly Mat _stats = new();
    private readonly Mat _centroids = new();

    // Grown when a patch has more components than ever before, then reused: kept component labels sorted by left
    // edge, the merged group each label belongs to (−1 for dropped ones), the groups' boxes, and the characters'
    // boxes with the group each was cut from.
    private int[] _order = new int[64];
    private int[] _groupOfLabel = new int[64];
    private Rect[] _groups = new Rect[32];
    private Rect[] _boxes = new Rect[32];
    private int[] _groupOfBox = new int[32];
    private int _labelCount;

    /// <summary>Creates a segmenter with the given settings (the defaults when null).</summary>
    public CharacterSegmenter(CharacterSegmenterOptions? options = null)
    {
        _options = options ?? CharacterSegmenterOptions.Default;
        _options.Validate();
    }

    /// <summary>The settings in use.</summary>
    public CharacterSegmenterOptions Options => _options;

    /// <summary>The binary image of the last call, 255 on ink whatever the polarity (valid until the next call).</summary>
    public Mat Binary => _binary;

    /// <summary>The 32-bit component labels of the last call (0 is background).</summary>
    public Mat Labels => _labels;

    /// <summary>The threshold the last call used (Otsu's choice or the fixed one).</summary>
    public double Threshold { get; private set; }

    /// <summary>True when the last call found dark text on a light background.</summary>
    public bool TextIsDark { get; private set; }

    /// <summary>How many characters the last call found, also those that did not fit the caller's span.</summary>
    public int FoundCount { get; private set; }

    /// <summary>
    /// For each component label of the last call, the group of merged components it belongs to (−1 when dropped);
    /// a character's pixels are those of its group (<see cref="GroupOfCharacter"/>) inside its box.
    /// </summary>
    public ReadOnlySpan<int> GroupOfLabel => _groupOfLabel.AsSpan(0, _labelCount);

    /// <summary>The label-to-group table itself, for the normaliser's per-pixel reads.</summary>
    internal int[] GroupOfLabelArray => _groupOfLabel;

    /// <summary>The group character <paramref name="index"/> of the last call was cut from.</summary>
    public int GroupOfCharacter(int index) => _groupOfBox[index];

    /// <summary>The box of character <paramref name="index"/> of the last call.</summary>
    internal Rect BoxAt(int index) => _boxes[index];

    /// <summary>
    /// Segments <paramref name="gray"/> (8-bit, one channel) and writes the character boxes, left to right, into
    /// <paramref name="boxes"/>. Returns how many were written; <see cref="FoundCount"/> tells whether more were found.
    /// </summary>
    public int Segment(Mat gray, Span<Rect> boxes)
    {
        ArgumentNullException.ThrowIfNull(gray);
        if (gray.Type() != MatType.CV_8UC1)
        {
            ThrowHelper.ThrowArgument("Character segmentation needs an 8-bit one-channel image.", nameof(gray));
        }

        Binarize(gray);
        var count = Cv2.ConnectedComponentsWithStats(_binary, _labels, _stats, _centroids, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var kept = Filter(count, _binary.Cols, _binary.Rows);
        SortByLeft(kept);
        var groups = Merge(kept);
        var found = Split(groups);
        FoundCount = found;
        var written = Math.Min(found, boxes.Length);
        _boxes.AsSpan(0, written).CopyTo(boxes);
        return written;
    }

    /// <summary>The union of all character boxes of the last call, or an empty rectangle when none was found.</summary>
    public Rect UnionOfAll()
    {
        if (FoundCount == 0)
        {
            return default;
        }

        var union = _boxes[0];
        for (var i = 1; i < FoundCount; i++)
        {
            union |= _boxes[i];
        }

        return union;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _binary.Dispose();
        _labels.Dispose();
        _stats.Dispose();
        _centroids.Dispose();
    }

    // One threshold call when the polarity is known; for Auto, the ink is the minority side of the threshold.
    private void Binarize(Mat gray)
    {
        var polarity = _options.Polarity;
        var type = polarity == TextPolarity.DarkOnLight ? ThresholdTypes.BinaryInv : ThresholdTypes.Binary;
        if (_options.FixedThreshold is null)
        {
            type |= ThresholdTypes.Otsu;
        }

        Threshold = Cv2.Threshold(gray, _binary, _options.FixedThreshold ?? 0, 255, type);
        var dark = polarity == TextPolarity.DarkOnLight;
        if (polarity == TextPolarity.Auto && Cv2.CountNonZero(_binary) * 2 > _binary.Rows * _binary.Cols)
        {
            Cv2.BitwiseNot(_binary, _binary);
            dark = true;
        }

        TextIsDark = dark;
    }

    private unsafe int Filter(int count, int cols, int rows)
    {
        if (_groupOfLabel.Length < count)
        {
            _groupOfLabel = new int[Math.Max(count, _groupOfLabel.Length * 2)];
            _order = new int[_groupOfLabel.Length];
        }

        _labelCount = count;
        _groupOfLabel[0] = -1;

        // stats is count × 5 int32 (left, top, width, height, area), rows Step() bytes apart; label 0 is background.
        var statsBase = (byte*)_stats.DataPointer;
        var stride = _stats.Step();
        var kept = 0;
        for (var label = 1; label < count; label++)
        {
            _groupOfLabel[label] = -1;
            var s = (int*)(statsBase + (label * stride));
            if (s[(int)ConnectedComponentsTypes.Area] < _options.MinArea)
            {
                continue;
            }

            if (_options.DropBorderTouching && TouchesBorder(s, cols, rows))
            {
                continue;
            }

            _order[kept++] = label;
        }

        return kept;
    }

    private static unsafe bool TouchesBorder(int* s, int cols, int rows) =>
        s[(int)ConnectedComponentsTypes.Left] == 0
        || s[(int)ConnectedComponentsTypes.Top] == 0
        || s[(int)ConnectedComponentsTypes.Left] + s[(int)ConnectedComponentsTypes.Width] >= cols
        || s[(int)ConnectedComponentsTypes.Top] + s[(int)ConnectedComponentsTypes.Height] >= rows;

    // Insertion sort: a text line has tens of components, nearly in order already (labels are assigned row-major).
    private unsafe void SortByLeft(int kept)
    {
        var statsBase = (byte*)_stats.DataPointer;
        var stride = _stats.Step();
        for (var i = 1; i < kept; i++)
        {
            var label = _order[i];
            var left = ((int*)(statsBase + (label * stride)))[(int)ConnectedComponentsTypes.Left];
            var j = i - 1;
            while (j >= 0 && ((int*)(statsBase + (_order[j] * stride)))[(int)ConnectedComponentsTypes.Left] > left)
            {
                _order[j + 1] = _order[j];
                j--;
            }

            _order[j + 1] = label;
        }
    }

    private unsafe int Merge(int kept)
    {
        var statsBase = (byte*)_stats.DataPointer;
        var stride = _stats.Step();
        var groups = 0;
        for (var i = 0; i < kept; i++)
        {
            var label = _order[i];
            var s = (int*)(statsBase + (label * stride));
            var box = new Rect(
                s[(int)ConnectedComponentsTypes.Left],
                s[(int)ConnectedComponentsTypes.Top],
                s[(int)ConnectedComponentsTypes.Width],
                s[(int)ConnectedComponentsTypes.Height]);

            if (groups > 0 && SharesColumns(_groups[groups - 1], box))
            {
                _groups[groups - 1] |= box;
            }
            else
            {
                if (groups == _groups.Length)
                {
                    Array.Resize(ref _groups, groups * 2);
                }

                _groups[groups++] = box;
            }

            _groupOfLabel[label] = groups - 1;
        }

        return groups;
    }

    private bool SharesColumns(Rect a, Rect b)
    {
        var overlap = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        return overlap > 0 && overlap >= _options.MergeOverlap * Math.Min(a.Width, b.Width);
    }
}
