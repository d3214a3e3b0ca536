using System.Runtime.InteropServices;

namespace EdgeVision.Gpio.Lines;

/// <summary>
/// Process-wide guard that puts every output of armed <see cref="GpioLines"/> at its safe level when the process stops,
/// however it stops: normal dispose, <see cref="AppDomain.ProcessExit"/>, an unhandled exception, SIGTERM or SIGINT.
/// </summary>
/// <remarks>
/// The signal handlers do not cancel the signal, so the host's own shutdown (or the default termination) still runs.
/// Every hook may fire on any thread, more than once and in any order; going safe is idempotent and serialised by
/// <see cref="GpioLines.GoSafe"/>. A failure while going safe is swallowed in a hook (a crash handler must not throw) and
/// counted in <see cref="Failures"/>; on a normal stop it is thrown. Several guards may be armed (one per set of lines).
/// </remarks>
public sealed class SafeOutputs : IDisposable
{
    private readonly GpioLines _lines;
    private readonly PosixSignalRegistration? _sigterm;
    private readonly PosixSignalRegistration? _sigint;
    private int _trips;
    private int _failures;
    private int _disposed;

    /// <summary>Arms the guard over <paramref name="lines"/> and registers the process hooks.</summary>
    /// <param name="lines">The lines to keep safe; not owned.</param>
    /// <param name="registerSignals">False to skip the POSIX signal registrations (where they are not supported).</param>
    public SafeOutputs(GpioLines lines, bool registerSignals = true)
    {
        ArgumentNullException.ThrowIfNull(lines);
        _lines = lines;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        if (registerSignals && !OperatingSystem.IsWindows())
        {
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnPosixSignal);
            _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnPosixSignal);
        }
    }

    /// <summary>Gets how many times a hook or <see cref="GoSafe"/> put the outputs safe.</summary>
    public int Trips => Volatile.Read(ref _trips);

    /// <summary>Gets how many attempts to go safe failed (a line could not be written).</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Gets why the outputs last went safe, or null when they never did.</summary>
    public SafeReason? LastReason { get; private set; }

    /// <summary>Puts every output at its safe level now; does nothing once the guard or the lines are disposed.</summary>
    /// <param name="reason">Why, for <see cref="LastReason"/>.</param>
    public void GoSafe(SafeReason reason)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            _lines.GoSafe();
            LastReason = reason;
            Interlocked.Increment(ref _trips);
        }
        catch (Exception) when (reason != SafeReason.Stop)
        {
            // A hook runs while the process dies: it must not throw, whatever went wrong with a line.
            Interlocked.Increment(ref _failures);
        }
        catch (AggregateException)
        {
            Interlocked.Increment(ref _failures);
            throw;
        }
    }

    /// <summary>Puts the outputs safe (a normal stop) and unregisters every hook.</summary>
    public void Dispose()
    {
        try
        {
            GoSafe(SafeReason.Stop);
        }
        finally
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
                AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
                _sigterm?.Dispose();
                _sigint?.Dispose();
            }
        }
    }

    /// <summary>The <see cref="AppDomain.ProcessExit"/> handler.</summary>
    internal void OnProcessExit(object? sender, EventArgs e) => GoSafe(SafeReason.ProcessExit);

    /// <summary>The <see cref="AppDomain.UnhandledException"/> handler.</summary>
    internal void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e) => GoSafe(SafeReason.UnhandledException);

    /// <summary>The SIGTERM/SIGINT handler; leaves <see cref="PosixSignalContext.Cancel"/> as it is so the default handling runs.</summary>
    internal void OnPosixSignal(PosixSignalContext context) =>
        GoSafe(context.Signal == PosixSignal.SIGINT ? SafeReason.Interrupt : SafeReason.Terminate);
}
