using System.Text.RegularExpressions;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Codes;
using EdgeVision.Vision.Geometry;

namespace EdgeVision.Inspection.Tools.Checks;

/// <summary>
/// Reads a QR code or EAN/UPC barcode in a region (or the whole frame) and checks its text against an expected
/// string and/or a regular expression, and its symbology against the one expected.
/// </summary>
public sealed record CodeSettings : ToolSettings
{
    /// <summary>Longest time one pattern match may take before the text counts as not matching.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Which families of code are looked for.</summary>
    public CodeKinds Kinds { get; init; } = CodeKinds.All;

    /// <summary>The exact text the code must hold, or null.</summary>
    public string? Expected { get; init; }

    /// <summary>A .NET regular expression the whole text must match, or null.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>The symbology the code must have, or null for any.</summary>
    public CodeSymbology? Symbology { get; init; }

    /// <summary>Whether the WeChat decoder gets a second look when OpenCV's QR decoder reads nothing.</summary>
    public bool WeChat { get; init; } = true;

    /// <summary>Tolerance of the number of codes read, or null.</summary>
    public Tolerance? Count { get; init; }

    /// <summary>True when the tool reads its region rather than the whole frame.</summary>
    public bool HasRoi => Roi.Length > 0;

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs => [new("count", Quantity.Count, Count)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new CodeTool(this);

    /// <summary>True when <paramref name="symbology"/> and <paramref name="text"/> pass every check of the tool.</summary>
    public bool Accepts(CodeSymbology symbology, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Symbology is { } wanted && wanted != symbology)
        {
            return false;
        }

        if (Expected is not null && !string.Equals(Expected, text, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return Pattern is null || Pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Reads <c>kinds</c>, <c>expected</c>, <c>pattern</c>, <c>symbology</c>, <c>wechat</c> and the <c>count</c> tolerance.</summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        var kinds = s.Choice("kinds", "any", "qr", "barcode", "any") switch
        {
            "qr" => CodeKinds.Qr,
            "barcode" => CodeKinds.Barcode,
            _ => CodeKinds.All,
        };
        var expected = s.Text("expected", null);
        if (expected is { Length: 0 })
        {
            r.Error("expected", "must not be empty (leave it out to accept any text)");
        }

        return new CodeSettings
        {
            Common = r.Common,
            Kinds = kinds,
            Expected = expected,
            Pattern = ReadPattern(r),
            Symbology = ReadSymbology(r, kinds),
            WeChat = s.Bool("wechat", true),
            Count = r.Tolerance("count", Quantity.Count),
        };
    }

    private static Regex? ReadPattern(ToolReader r)
    {
        var pattern = r.Section.Text("pattern", null);
        if (pattern is null)
        {
            return null;
        }

        try
        {
            // Anchored: the whole text must match, as a validation pattern usually means.
            return new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            r.Error("pattern", $"is not a valid .NET regular expression: {e.Message}");
            return null;
        }
    }

    private static CodeSymbology? ReadSymbology(ToolReader r, CodeKinds kinds)
    {
        if (!r.Section.Has("symbology"))
        {
            return null;
        }

        var symbology = r.Section.Choice("symbology", "qr", "qr", "ean13", "ean8", "upca", "upce") switch
        {
            "ean13" => CodeSymbology.Ean13,
            "ean8" => CodeSymbology.Ean8,
            "upca" => CodeSymbology.UpcA,
            "upce" => CodeSymbology.UpcE,
            _ => CodeSymbology.Qr,
        };
        var family = symbology == CodeSymbology.Qr ? CodeKinds.Qr : CodeKinds.Barcode;
        if ((kinds & family) == 0)
        {
            r.Error("symbology", $"'{r.Section.Text("symbology", null)}' is not a kind this tool reads (kinds: {(kinds == CodeKinds.Qr ? "qr" : "barcode")})");
        }

        return symbology;
    }
}

/// <summary>
/// Runs <see cref="CodeReader"/> on the tool's placed region, resampled upright by a <see cref="RoiSampler"/> (or on
/// the whole gray frame when the tool has no region), and judges the first reading that passes its checks. Not
/// allocation-free: OpenCV's decoders return new strings and corner arrays on every call (a few small objects per
/// frame), which is accepted for code reading; the reader, sampler and reading buffer are reused.
/// </summary>
public sealed class CodeTool : InspectionTool
{
    /// <summary>Most codes read per frame.</summary>
    public const int MaxCodes = 4;

    private readonly CodeSettings _settings;
    private readonly CodeReader _reader;
    private readonly RoiSampler _sampler = new();
    private readonly CodeReading[] _readings = new CodeReading[MaxCodes];
    private RotatedRoi _placed;
    private int _count;
    private int _chosen = -1;
    private string? _text;

    /// <summary>Creates the tool and its decoders.</summary>
    public CodeTool(CodeSettings settings)
        : base(settings)
    {
        _settings = settings;
        _reader = new CodeReader(settings.Kinds, settings.WeChat);
    }

    /// <inheritdoc/>
    public override string? Text => Status is ToolStatus.Pass or ToolStatus.Fail ? _text : null;

    /// <summary>The codes read on the current frame (corners in the sampled patch when the tool has a region).</summary>
    public ReadOnlySpan<CodeReading> Readings => _readings.AsSpan(0, _count);

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        var image = context.Gray;
        if (_settings.HasRoi)
        {
            // White outside the frame: like a quiet zone, it cannot add bars or modules.
            _placed = context.Place(_settings);
            image = _sampler.Sample(image, _placed, 255);
        }

        _count = _reader.Read(image, _readings);
        _chosen = -1;
        _text = null;
        Slot(0).Set(_count);
        if (_count == 0)
        {
            return ToolStatus.NotFound;
        }

        for (var i = 0; i < _count; i++)
        {
            var (symbology, text) = Normalised(_readings[i]);
            if (_settings.Accepts(symbology, text))
            {
                (_chosen, _text) = (i, text);
                return ToolStatus.Pass;
            }
        }

        (_chosen, _text) = (0, _readings[0].Text);
        return ToolStatus.Fail;
    }

    /// <inheritdoc/>
    public override void DescribeShapes(ToolContext context, List<OverlayShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (Status == ToolStatus.Skipped)
        {
            return;
        }

        if (_settings.HasRoi)
        {
            var tone = Status == ToolStatus.NotFound ? ShapeTone.Fail : ShapeTone.Region;
            var label = Status == ToolStatus.NotFound ? $"{Name} {(_reader.UndecodedCount > 0 ? "unreadable" : "no code")}" : null;
            shapes.Add(new OverlayShape(ShapeKind.Box, tone, _placed.X, _placed.Y, _placed.Length, _placed.Width, _placed.AngleDeg, label));
        }

        if (_chosen < 0)
        {
            return;
        }

        var q = _readings[_chosen].Corners;
        Span<(double X, double Y)> corners = [ToImage(q.P0.X, q.P0.Y), ToImage(q.P1.X, q.P1.Y), ToImage(q.P2.X, q.P2.Y), ToImage(q.P3.X, q.P3.Y)];
        for (var i = 0; i < 4; i++)
        {
            var (a, b) = (corners[i], corners[(i + 1) % 4]);
            var text = i > 0 ? null : Status == ToolStatus.Pass ? $"{Name} {_text}" : $"{Name} {_text} (mismatch)";
            shapes.Add(new OverlayShape(ShapeKind.Segment, Tone, a.X, a.Y, b.X, b.Y, 0, text));
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

    // OpenCV reports an EAN-13 that starts with 0 as the 12-digit UPC-A it encodes; a tool expecting EAN-13 sees it
    // as the EAN-13 it also is (the same bars), with its leading zero.
    private (CodeSymbology Symbology, string Text) Normalised(in CodeReading reading) =>
        _settings.Symbology == CodeSymbology.Ean13 && reading.Symbology == CodeSymbology.UpcA
            ? (CodeSymbology.Ean13, "0" + reading.Text)
            : (reading.Symbology, reading.Text);

    private (double X, double Y) ToImage(double x, double y) => _settings.HasRoi ? RoiSampler.PatchToImage(_placed, x, y) : (x, y);
}
