using System.Globalization;
using BenchmarkDotNet.Attributes;
using EdgeVision.Acquisition.Frames;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision;

namespace EdgeVision.Benchmarks;

/// <summary>
/// Cost of one inspection of a synthetic conveyor frame with each demo recipe, and of the synthetic camera itself.
/// Eight different frames (some defective) are captured once and inspected round-robin, so the pipeline sees
/// varying part poses rather than one cached image.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class PipelineBenchmarks
{
    private const int FrameCount = 8;

    private readonly Frame[] _frames = new Frame[FrameCount];
    private SyntheticConveyorCamera _camera = null!;
    private FramePool _pool = null!;
    private Frame _captureTarget = null!;
    private InspectionPipeline _pipeline = null!;
    private InspectionRecord _record = null!;
    private int _next;
    private long _sequence;

    [Params("1280x960", "1920x1200")]
    public string Resolution { get; set; } = "1280x960";

    /// <summary>The recipe: <c>demo</c> (fixture, two hole gauges, surface) or <c>demo-tools</c> (11 tools of the toolbox).</summary>
    [Params("demo", "demo-tools")]
    public string Recipe { get; set; } = "demo";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Resolution.Split('x');
        var width = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var height = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var options = new SyntheticConveyorOptions
        {
            Width = width,
            Height = height,
            FramesPerSecond = 0,
            Seed = 42,
            DefectRate = 0.25,
        };
        _camera = new SyntheticConveyorCamera("bench", options);
        _camera.Open();

        // Eight frames held for inspection plus one spare the capture benchmark renders into.
        _pool = new FramePool(FrameCount + 1, width, height, options.Format);
        for (var i = 0; i < FrameCount; i++)
        {
            _frames[i] = Rent();
            if (!_camera.Capture(_frames[i], CancellationToken.None))
            {
                throw new InvalidOperationException("The synthetic camera did not deliver a frame.");
            }
        }

        _captureTarget = Rent();

        var recipe = RecipeLoader.Load(Path.Combine(RepositoryFiles.ConfigDirectory, "recipes", Recipe + ".json"));
        _pipeline = new InspectionPipeline(recipe, "bench", "bench");
        _record = new InspectionRecord();
        _next = 0;
        _sequence = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var frame in _frames)
        {
            frame?.Release();
        }

        Array.Clear(_frames);
        _captureTarget?.Release();
        _pipeline?.Dispose();
        _pool?.Dispose();
        _camera?.Dispose();
    }

    /// <summary>One full pipeline pass: colour, fixture, hole gauges, surface search, judgement.</summary>
    [Benchmark]
    public InspectionRecord Inspect()
    {
        _pipeline.Inspect(_frames[_next++ % FrameCount], _record);
        return _record;
    }

    /// <summary>A pipeline pass plus the immutable result handed to sinks.</summary>
    [Benchmark]
    public InspectionResult InspectAndBuildResult()
    {
        _pipeline.Inspect(_frames[_next++ % FrameCount], _record);
        return _pipeline.ToResult(_record, _sequence++, DateTimeOffset.UtcNow);
    }

    /// <summary>The synthetic camera's own cost: scene, render, sensor simulation and Bayer mosaic into a frame.</summary>
    [Benchmark]
    public bool SyntheticCapture() => _camera.Capture(_captureTarget, CancellationToken.None);

    private Frame Rent() =>
        _pool.TryRent(TimeSpan.Zero) ?? throw new InvalidOperationException("The frame pool ran out of frames.");
}
