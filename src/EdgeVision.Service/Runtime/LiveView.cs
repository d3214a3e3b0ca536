using System.Diagnostics;
using EdgeVision.Inspection.Overlay;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using OpenCvSharp;

namespace EdgeVision.Service.Runtime;

/// <summary>
/// What the web page shows: per-camera pass/fail counters, the last results, and the latest image. The pipeline
/// offers every image, but one is copied only every <see cref="ImageInterval"/> (into a buffer reused each time);
/// the overlay and JPEG are made on the web request's thread, never on the pipeline's.
/// </summary>
public sealed class LiveView : IResultSink, IDisposable
{
    private const int Recent = 20;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CameraView> _cameras = new(StringComparer.Ordinal);
    private readonly Queue<InspectionResult> _recent = new();

    /// <summary>Least time between two image copies.</summary>
    public TimeSpan ImageInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc/>
    public void Offer(InspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            var view = View(result.Camera);
            if (result.Verdict == Verdict.Pass)
            {
                view.Passed++;
            }
            else
            {
                view.Failed++;
            }

            view.Last = result;
            view.Cycle.Add(CycleMilliseconds(result));
            _recent.Enqueue(result);
            while (_recent.Count > Recent)
            {
                _recent.Dequeue();
            }
        }
    }

    /// <summary>Called on the pipeline thread with the frame's colour image; copies it if the interval has passed.</summary>
    public void OfferImage(string camera, Mat color, InspectionResult result, Recipe recipe)
    {
        ArgumentNullException.ThrowIfNull(color);
        lock (_gate)
        {
            var view = View(camera);
            if (Stopwatch.GetElapsedTime(view.ImageTakenAt) < ImageInterval)
            {
                return;
            }

            color.CopyTo(view.Image); // reuses view.Image's buffer once it has the size
            view.ImageResult = result;
            view.ImageRecipe = recipe;
            view.ImageTakenAt = Stopwatch.GetTimestamp();
            view.ImageVersion++;
        }
    }

    /// <summary>Counters per camera: (camera, passed, failed, last result).</summary>
    public IReadOnlyList<(string Camera, long Passed, long Failed, InspectionResult? Last)> Counters()
    {
        lock (_gate)
        {
            var list = new List<(string, long, long, InspectionResult?)>();
            foreach (var (name, v) in _cameras)
            {
                list.Add((name, v.Passed, v.Failed, v.Last));
            }

            return list;
        }
    }

    /// <summary>
    /// Zeroes the pass/fail counters of <paramref name="camera"/> (every camera when null) and returns what they were;
    /// the last result and the image stay. Unknown cameras (none judged yet) are left out of the answer.
    /// </summary>
    public IReadOnlyList<(string Camera, long Passed, long Failed)> ResetCounters(string? camera)
    {
        lock (_gate)
        {
            var before = new List<(string, long, long)>();
            foreach (var (name, v) in _cameras)
            {
                if (camera is null || name == camera)
                {
                    before.Add((name, v.Passed, v.Failed));
                    v.Passed = 0;
                    v.Failed = 0;
                }
            }

            return before;
        }
    }

    /// <summary>Cycle time count, sum and recent percentiles of <paramref name="camera"/> (all zero before its first result).</summary>
    public CycleTimeSummary CycleTimes(string camera)
    {
        lock (_gate)
        {
            return _cameras.TryGetValue(camera, out var view) ? view.Cycle.Summarize() : default;
        }
    }

    /// <summary>The most recent results, newest first.</summary>
    public IReadOnlyList<InspectionResult> RecentResults()
    {
        lock (_gate)
        {
            var list = new List<InspectionResult>(_recent);
            list.Reverse();
            return list;
        }
    }

    /// <summary>The latest image of <paramref name="camera"/> with its overlay, as JPEG; null before the first frame.</summary>
    public byte[]? AnnotatedJpeg(string camera, int quality = 80)
    {
        using var copy = new Mat();
        InspectionResult result;
        Recipe recipe;
        CameraView? view;
        lock (_gate)
        {
            if (!_cameras.TryGetValue(camera, out view) || view.ImageResult is null || view.ImageRecipe is null)
            {
                return null;
            }

            if (view.Jpeg is not null && view.JpegVersion == view.ImageVersion)
            {
                return view.Jpeg;
            }

            view.Image.CopyTo(copy);
            result = view.ImageResult;
            recipe = view.ImageRecipe;
        }

        OverlayRenderer.Draw(copy, result);
        Cv2.ImEncode(".jpg", copy, out var jpeg, [(int)ImwriteFlags.JpegQuality, quality]);
        lock (_gate)
        {
            view.Jpeg = jpeg;
            view.JpegVersion = view.ImageVersion;
        }

        return jpeg;
    }

    // The sum of the stage times, as InspectionResult.TotalMilliseconds, by index: foreach over the interface would
    // box an enumerator on the pipeline thread for every result.
    private static double CycleMilliseconds(InspectionResult result)
    {
        var timings = result.Timings;
        double sum = 0;
        for (var i = 0; i < timings.Count; i++)
        {
            sum += timings[i].Milliseconds;
        }

        return sum;
    }

    private CameraView View(string camera)
    {
        if (!_cameras.TryGetValue(camera, out var view))
        {
            view = new CameraView();
            _cameras[camera] = view;
        }

        return view;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var v in _cameras.Values)
            {
                v.Image.Dispose();
            }
        }
    }

    private sealed class CameraView
    {
        public long Passed { get; set; }

        public long Failed { get; set; }

        public InspectionResult? Last { get; set; }

        public CycleTimeWindow Cycle { get; } = new();

        public Mat Image { get; } = new();

        public InspectionResult? ImageResult { get; set; }

        public Recipe? ImageRecipe { get; set; }

        public long ImageTakenAt { get; set; }

        public long ImageVersion { get; set; }

        public byte[]? Jpeg { get; set; }

        public long JpegVersion { get; set; }
    }
}
