using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Inspection.Tools;
using EdgeVision.Vision;
using EdgeVision.Vision.Color;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Inspection.Pipeline;

/// <summary>
/// Runs one recipe on frames of one camera: preprocessing, the fixture, the ordered tools, judgement.
/// One instance per camera worker; it owns every tool and scratch image and reuses them. In steady state
/// <see cref="Inspect"/> allocates no pixel memory; what managed allocation is left comes from OpenCvSharp's
/// per-call InputArray/OutputArray wrappers (measured by a test and the benchmarks).
/// </summary>
public sealed partial class InspectionPipeline : IDisposable
{
    private static readonly Stage[] ReportedStages = Enum.GetValues<Stage>();
    private static readonly string[] StageNames = Array.ConvertAll(ReportedStages, s => s.ToString().ToLowerInvariant());

    private readonly ColorPipeline _color;
    private readonly LensCorrection? _lens;
    private readonly LocateTool? _fixture;
    private readonly InspectionTool[] _tools;
    private readonly VerdictJudge _judge;
    private readonly ToolContext _context;

    /// <summary>Creates the pipeline for <paramref name="recipe"/>, reporting as <paramref name="device"/>/<paramref name="camera"/>.</summary>
    public InspectionPipeline(Recipe recipe, string device, string camera)
    {
        Recipe = recipe ?? throw new ArgumentNullException(nameof(recipe));
        Device = device;
        Camera = camera;
        _color = new ColorPipeline(recipe.Preprocess.Color);
        if (recipe.Preprocess.Undistort && recipe.Calibration?.Camera is { } intrinsics)
        {
            _lens = new LensCorrection(intrinsics);
        }

        _context = new ToolContext(recipe.Units);
        var all = new List<InspectionTool>();
        if (recipe.Fixture is not null)
        {
            _fixture = recipe.Fixture.Create(recipe.Resources) as LocateTool
                ?? throw new InvalidOperationException($"fixture type '{recipe.Fixture.Type}' does not locate");
            all.Add(_fixture);
        }

        _tools = new InspectionTool[recipe.Tools.Count];
        for (var i = 0; i < _tools.Length; i++)
        {
            _tools[i] = recipe.Tools[i].Create(recipe.Resources);
            all.Add(_tools[i]);
        }

        var byName = new Dictionary<string, InspectionTool>(StringComparer.Ordinal);
        foreach (var t in all)
        {
            byName[t.Name] = t;
        }

        foreach (var t in all)
        {
            t.Bind(name => byName[name]);
        }

        _judge = new VerdictJudge(recipe, all);
    }

    /// <summary>The recipe this pipeline runs.</summary>
    public Recipe Recipe { get; }

    /// <summary>Station name put in results.</summary>
    public string Device { get; }

    /// <summary>Camera name put in results.</summary>
    public string Camera { get; }

    /// <summary>The corrected colour image of the last inspected frame (valid until the next call).</summary>
    public Mat ColorImage => _context.Color ?? _color.Color;

    /// <summary>The gray image of the last inspected frame (valid until the next call).</summary>
    public Mat GrayImage => _context.Gray ?? _color.Gray;

    /// <summary>The fixture tool, if the recipe has one.</summary>
    public LocateTool? Fixture => _fixture;

    /// <summary>The recipe's tools, in order.</summary>
    public ReadOnlySpan<InspectionTool> Tools => _tools;

    /// <summary>The judge holding the recipe's reason table.</summary>
    public VerdictJudge Judge => _judge;

    /// <summary>Inspects <paramref name="frame"/> into <paramref name="record"/>. The caller keeps its frame reference.</summary>
    public void Inspect(Frame frame, InspectionRecord record)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(record);
        var clock = StageClock.StartNew();
        record.FrameSequence = frame.Sequence;
        record.CaptureTime = frame.CaptureTime;
        record.TriggerId = frame.TriggerId;
        var format = frame.Format.IsBayer() && Recipe.Preprocess.Bayer.IsBayer() ? Recipe.Preprocess.Bayer : frame.Format;
        _color.Process(frame.Image, format, ref clock);
        if (_lens is not null)
        {
            _lens.Apply(_color.Gray, _color.Color);
            _context.Gray = _lens.Gray;
            _context.Color = _lens.Color;
        }
        else
        {
            _context.Gray = _color.Gray;
            _context.Color = _color.Color;
        }

        clock.Lap(Stage.Undistort);
        if (_fixture is not null)
        {
            _fixture.Run(_context);
            _context.Pose = _fixture.Pose;
        }
        else
        {
            _context.Pose = new PartPose(true, 0, 0, 0, 0, 0, 0);
        }

        clock.Lap(Stage.Locate);
        var found = _context.Pose.Found;
        foreach (var tool in _tools)
        {
            if (tool.Settings.Fixtured && !found)
            {
                tool.Skip();
            }
            else
            {
                tool.Run(_context);
            }
        }

        clock.Lap(Stage.Tools);
        record.Pose = _fixture is null ? PartPose.NotFound : _context.Pose;
        record.ReasonMask = _judge.Judge();
        clock.Lap(Stage.Judge);
        record.Clock = clock;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _color.Dispose();
        _lens?.Dispose();
        _fixture?.Dispose();
        foreach (var t in _tools)
        {
            t.Dispose();
        }
    }
}
