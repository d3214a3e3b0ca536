using System.Text.RegularExpressions;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Ocr;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tools.Ocr;

/// <summary>
/// Samples the tool's region upright with <see cref="RoiSampler"/> and reads it with <see cref="CharacterReader"/>;
/// fails when the text differs from the expected one, misses the pattern or has a character below the least confidence.
/// </summary>
public sealed class OcrTool : InspectionTool
{
    private const int MaxCharacters = 64;
    private readonly OcrSettings _settings;
    private readonly RoiSampler _sampler = new();
    private readonly CharacterReader _reader;
    private readonly Regex? _pattern;
    private readonly char[] _text;
    private readonly OcrCharacter[] _characters = new OcrCharacter[MaxCharacters];
    private OcrReading _reading;
    private RotatedRoi _roi;
    private string? _decoded;

    /// <summary>Creates the tool for <paramref name="settings"/> reading with <paramref name="model"/>.</summary>
    public OcrTool(OcrSettings settings, OcrModel model)
        : base(settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(model);
        _settings = settings;
        var options = new CharacterReaderOptions
        {
            MinConfidence = (float)settings.MinConfidence,
            MaxCharacters = MaxCharacters,
            Segmenter = CharacterSegmenterOptions.Default with { Polarity = settings.Polarity },
        };
        _reader = new CharacterReader(model, options);
        _pattern = settings.CompilePattern();
        var longest = 1;
        foreach (var label in model.Labels)
        {
            longest = Math.Max(longest, label.Length);
        }

        _text = new char[MaxCharacters * longest];
    }

    /// <summary>The summary of the current frame's reading.</summary>
    public OcrReading Reading => _reading;

    /// <summary>The characters of the current frame, left to right.</summary>
    public ReadOnlySpan<OcrCharacter> Characters => _characters.AsSpan(0, _reading.Count);

    /// <inheritdoc/>
    public override string? Text => Status is ToolStatus.Pass or ToolStatus.Fail
        ? _decoded ??= new string(_text, 0, _reading.Length)
        : null;

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        _decoded = null;
        _roi = context.Place(_settings);
        var patch = _sampler.Sample(context.Gray, _roi);
        Cv2.MeanStdDev(patch, out _, out var deviation);
        _reading = deviation.Val0 < _settings.MinContrast ? default : _reader.Read(patch, _text, _characters);
        if (_reading.Count == 0)
        {
            return ToolStatus.NotFound;
        }

        Slot(0).Set(_reading.Count);
        Slot(1).Set(_reading.LowestConfidence);
        ReadOnlySpan<char> text = _text.AsSpan(0, _reading.Length);
        var fits = _reading.Accepted && _reading.LowestConfidence >= _settings.MinConfidence;
        fits &= _settings.Expected is null || text.SequenceEqual(_settings.Expected);
        fits &= _pattern is null || _pattern.IsMatch(text);
        return fits ? ToolStatus.Pass : ToolStatus.Fail;
    }

    /// <inheritdoc/>
    public override void DescribeShapes(ToolContext context, List<OverlayShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (Status == ToolStatus.Skipped)
        {
            return;
        }

        var label = Status == ToolStatus.NotFound ? $"{Name} unreadable" : $"{Name} \"{Text}\"";
        shapes.Add(new OverlayShape(ShapeKind.Box, Tone, _roi.X, _roi.Y, _roi.Length, _roi.Width, _roi.AngleDeg, label));
        foreach (var c in Characters)
        {
            var (x, y) = RoiSampler.PatchToImage(_roi, c.Box.X + ((c.Box.Width - 1) / 2.0), c.Box.Y + ((c.Box.Height - 1) / 2.0));
            var tone = c.Accepted ? ShapeTone.Region : ShapeTone.Fail;
            shapes.Add(new OverlayShape(ShapeKind.Box, tone, x, y, c.Box.Width, c.Box.Height, _roi.AngleDeg));
        }
    }

    /// <inheritdoc/>
    public override void DescribeDefects(List<DefectResult> defects)
    {
        ArgumentNullException.ThrowIfNull(defects);
        if (Status is ToolStatus.Fail or ToolStatus.NotFound)
        {
            var half = Math.Sqrt((_roi.Length * _roi.Length) + (_roi.Width * _roi.Width)) / 2;
            var kind = Status == ToolStatus.NotFound ? "ocr-unreadable" : "ocr-mismatch";
            defects.Add(new DefectResult(kind, (int)(_roi.X - half), (int)(_roi.Y - half), (int)(2 * half) + 1, (int)(2 * half) + 1, 0));
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            _sampler.Dispose();
        }

        base.Dispose(disposing);
    }
}
