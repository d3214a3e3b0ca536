using System.Diagnostics;
using EdgeVision.Acquisition.Frames;
using EdgeVision.Acquisition.Sources;
using EdgeVision.Acquisition.Triggers;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Service.Runtime;

/// <summary>
/// Runs one camera: an acquisition thread fills pooled frames into a drop-oldest ring, and one pipeline worker
/// thread inspects them and fans each result out to the sinks. Counters are exposed for the status page.
/// </summary>
public sealed partial class CameraRunner : IDisposable
{
    private readonly IFrameSource _source;
    private readonly FramePool _pool;
    private readonly FrameRing _ring;
    private InspectionPipeline _pipeline;
    private InspectionPipeline? _pending;
    private readonly IReadOnlyList<IResultSink> _sinks;
    private readonly IPartImageSink[] _imageSinks;
    private readonly LiveView _liveView;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly TriggeredCapture? _triggered;
    private Thread? _acquisition;
    private Thread? _worker;
    private long _sequence;
    private long _captureErrors;
    private volatile bool _paused;
    private long _poolStarved;
    private long _lastProgress;
    private volatile bool _enabled = true;

    /// <summary>Wires a camera's source to its pipeline and sinks.</summary>
    public CameraRunner(IFrameSource source, InspectionPipeline pipeline, int ringCapacity, IReadOnlyList<IResultSink> sinks, LiveView liveView, ILogger logger, TimeProvider time)
        : this(source, pipeline, ringCapacity, sinks, liveView, logger, time, null, TimeSpan.Zero)
    {
    }

    /// <summary>
    /// Wires a camera's source to its pipeline and sinks; with <paramref name="triggers"/> the camera is triggered:
    /// it takes one frame per trigger, <paramref name="triggerDelay"/> after the trigger's timestamp, and the frame
    /// and its result carry the trigger's id.
    /// </summary>
    public CameraRunner(IFrameSource source, InspectionPipeline pipeline, int ringCapacity, IReadOnlyList<IResultSink> sinks, LiveView liveView, ILogger logger, TimeProvider time, TriggerQueue? triggers, TimeSpan triggerDelay)
    {
        _triggered = triggers is null ? null : new TriggeredCapture(triggers, triggerDelay, time);
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _sinks = sinks;
        _imageSinks = [.. sinks.OfType<IPartImageSink>()];
        _liveView = liveView;
        _logger = logger;
        _time = time;
        _ring = new FrameRing(ringCapacity);

        // Frames in flight: the ring's, one being captured, one being inspected, one spare.
        _pool = new FramePool(ringCapacity + 3, source.Width, source.Height, source.Format);
        _lastProgress = Stopwatch.GetTimestamp();
    }

    /// <summary>The trigger queue of a triggered camera, or null when it free-runs.</summary>
    public TriggerQueue? Triggers => _triggered?.Queue;

    /// <summary>Triggers taken for which the source gave no frame (it failed, or its recording ended); 0 when free-running.</summary>
    public long MissedTriggers => _triggered?.Missed ?? 0;

    /// <summary>Camera name.</summary>
    public string Name => _source.Name;

    /// <summary>The recipe in use (a switched recipe shows here once its first frame starts).</summary>
    public Recipe Recipe => Volatile.Read(ref _pipeline).Recipe;

    /// <summary>
    /// Switches to <paramref name="next"/> at the next frame boundary: the frame being inspected finishes with the
    /// old recipe, the next starts with the new one. The runner owns and disposes <paramref name="next"/>.
    /// </summary>
    public void SwitchPipeline(InspectionPipeline next)
    {
        ArgumentNullException.ThrowIfNull(next);
        Interlocked.Exchange(ref _pending, next)?.Dispose();
    }

    /// <summary>Results produced.</summary>
    public long Results => Interlocked.Read(ref _sequence);

    /// <summary>Frames dropped by the ring because the pipeline fell behind.</summary>
    public long Dropped => _ring.Dropped;

    /// <summary>Frames captured.</summary>
    public long Captured => _ring.Written;

    /// <summary>Capture failures (the source was re-opened after each).</summary>
    public long CaptureErrors => Interlocked.Read(ref _captureErrors);

    /// <summary>Times the acquisition thread found no free frame in the pool.</summary>
    public long PoolStarved => Interlocked.Read(ref _poolStarved);

    /// <summary>Time since the pipeline last finished a frame (for the watchdog); zero while disabled, which is not a stall.</summary>
    public TimeSpan SinceLastResult => _enabled ? Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastProgress)) : TimeSpan.Zero;

    /// <summary>
    /// False stops the camera inspecting: it captures no new frames (a triggered camera is offered no triggers, see
    /// <see cref="EdgeVisionRuntime.FireTriggers"/>), while the frames already captured are still inspected, so no
    /// part taken before is left without a result. True resumes, and the watchdog counts from then.
    /// </summary>
    public bool Enabled
    {
        get => _enabled;
        set
        {
            if (value && !_enabled)
            {
                Interlocked.Exchange(ref _lastProgress, Stopwatch.GetTimestamp());
            }

            _enabled = value;
        }
    }

    /// <summary>
    /// True once the acquisition thread of a disabled free-running camera has finished its last capture and waits to be
    /// enabled (a capture in progress when <see cref="Enabled"/> went false still completes).
    /// </summary>
    public bool Paused => _paused;

    /// <summary>Opens the source and starts both threads.</summary>
    public void Start()
    {
        _source.Open();
        _acquisition = new Thread(AcquireLoop) { Name = $"acquire-{Name}", IsBackground = true };
        _worker = new Thread(InspectLoop) { Name = $"inspect-{Name}", IsBackground = true, Priority = ThreadPriority.AboveNormal };
        _acquisition.Start();
        _worker.Start();
    }

    /// <summary>Stops capturing, lets the worker finish the frames already captured, and joins both threads.</summary>
    public void Stop(TimeSpan timeout)
    {
        _stop.Cancel();
        _acquisition?.Join(timeout);
        _ring.Complete();
        _worker?.Join(timeout);
        _ring.Clear();
    }

    private void AcquireLoop()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            if (!_enabled && _triggered is null)
            {
                _paused = true;
                token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(50)); // disabled: capture nothing until enabled
                continue;
            }

            _paused = false;

            var trigger = default(TriggerRequest);
            if (_triggered is not null && !_triggered.TryTake(TimeSpan.FromMilliseconds(200), token, out trigger))
            {
                continue;
            }

            // Keep trying for a free frame: a trigger taken must not be lost because the pipeline is behind.
            var frame = _pool.TryRent(TimeSpan.FromMilliseconds(100));
            while (frame is null && !token.IsCancellationRequested)
            {
                Interlocked.Increment(ref _poolStarved);
                frame = _pool.TryRent(TimeSpan.FromMilliseconds(100));
            }

            if (frame is null)
            {
                _triggered?.CountMissed();
                break;
            }

            bool captured;
            try
            {
                // Triggered: the frame is stamped with the trigger's id and edge timestamp.
                captured = _triggered is not null ? _triggered.Capture(_source, frame, trigger, token) : _source.Capture(frame, token);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                frame.Release();
                Interlocked.Increment(ref _captureErrors);
                LogCaptureFailed(_logger, Name, e);
                Reopen(token);
                continue;
            }

            if (captured)
            {
                _ring.Write(frame); // the ring now owns our reference
            }
            else
            {
                frame.Release();
            }
        }
    }

    private void Reopen(CancellationToken token)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!token.IsCancellationRequested)
        {
            try
            {
                _source.Open();
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogReopenFailed(_logger, Name, delay.TotalMilliseconds, e.Message);
                token.WaitHandle.WaitOne(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private void InspectLoop()
    {
        var record = new InspectionRecord();
        while (_ring.TryRead(TimeSpan.FromMilliseconds(500), out var frame) || !_stop.IsCancellationRequested)
        {
            if (frame is null)
            {
                continue;
            }

            if (Interlocked.Exchange(ref _pending, null) is { } next)
            {
                var old = _pipeline;
                Volatile.Write(ref _pipeline, next);
                old.Dispose();
                LogRecipeSwitched(_logger, Name, next.Recipe.Name, next.Recipe.Checksum, frame.Sequence);
            }

            InspectionResult result;
            try
            {
                _pipeline.Inspect(frame, record);
                result = _pipeline.ToResult(record, Interlocked.Increment(ref _sequence), _time.GetUtcNow());
                _liveView.OfferImage(Name, _pipeline.ColorImage, result, _pipeline.Recipe);
                for (var i = 0; i < _imageSinks.Length; i++)
                {
                    _imageSinks[i].OfferImage(_pipeline.ColorImage, result);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogInspectionFailed(_logger, Name, frame.Sequence, e);
                continue;
            }
            finally
            {
                frame.Release();
            }

            for (var i = 0; i < _sinks.Count; i++) // index loop: foreach over the interface would box an enumerator per frame
            {
                _sinks[i].Offer(result);
            }

            Interlocked.Exchange(ref _lastProgress, Stopwatch.GetTimestamp());
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(5));
        _pipeline.Dispose();
        Interlocked.Exchange(ref _pending, null)?.Dispose();
        _source.Dispose();
        _pool.Dispose();
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Camera {Camera}: capture failed; re-opening")]
    private static partial void LogCaptureFailed(ILogger logger, string camera, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {Camera}: re-open failed, retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogReopenFailed(ILogger logger, string camera, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {Camera}: recipe {Recipe} ({Checksum}) in use from frame {Frame}")]
    private static partial void LogRecipeSwitched(ILogger logger, string camera, string recipe, string checksum, long frame);

    [LoggerMessage(Level = LogLevel.Error, Message = "Camera {Camera}: inspection of frame {Frame} failed")]
    private static partial void LogInspectionFailed(ILogger logger, string camera, long frame, Exception exception);
}
