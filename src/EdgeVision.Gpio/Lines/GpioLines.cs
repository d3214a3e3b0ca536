using System.Device.Gpio;

namespace EdgeVision.Gpio.Lines;

/// <summary>
/// Every configured line, opened and reachable by name: outputs as <see cref="OutputLine"/> at their initial level,
/// inputs as <see cref="InputLine"/> with their bias. Disposing puts every output at its safe level and closes all pins.
/// </summary>
/// <remarks>
/// The controllers are not owned. <see cref="GoSafe"/> and <see cref="Dispose"/> may be called from any thread (a signal
/// handler, the process-exit hook) and serialise on one lock; after dispose, <see cref="GoSafe"/> does nothing.
/// </remarks>
public sealed class GpioLines : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, OutputLine> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InputLine> _inputs = new(StringComparer.Ordinal);
    private readonly List<OutputLine> _outputList = [];
    private readonly List<InputLine> _inputList = [];
    private bool _disposed;

    /// <summary>Opens every line on one controller (all lines are on the same chip).</summary>
    /// <param name="controller">The controller of the chip; not owned.</param>
    /// <param name="lines">The lines to open.</param>
    public GpioLines(GpioController controller, IEnumerable<LineSettings> lines)
        : this(_ => controller, lines)
    {
        ArgumentNullException.ThrowIfNull(controller);
    }

    /// <summary>Opens every line on the controller of its chip.</summary>
    /// <param name="controllerForChip">Gives the controller of a configured chip name; controllers are not owned.</param>
    /// <param name="lines">The lines to open.</param>
    /// <exception cref="ArgumentException">Two lines share a name or a pin, or a line's settings do not fit its direction.</exception>
    public GpioLines(Func<string, GpioController> controllerForChip, IEnumerable<LineSettings> lines)
    {
        ArgumentNullException.ThrowIfNull(controllerForChip);
        ArgumentNullException.ThrowIfNull(lines);
        var owners = new Dictionary<(GpioController, int), string>();
        try
        {
            foreach (LineSettings line in lines)
            {
                Check(line);
                GpioController controller = controllerForChip(line.Chip)
                    ?? throw new ArgumentException($"Line '{line.Name}': no controller for chip '{line.Chip}'.", nameof(controllerForChip));
                if (!owners.TryAdd((controller, line.Offset), line.Name))
                {
                    throw new ArgumentException(
                        $"Lines '{owners[(controller, line.Offset)]}' and '{line.Name}' both use offset {line.Offset} of chip '{line.Chip}'.",
                        nameof(lines));
                }

                Open(controller, line);
            }
        }
        catch
        {
            CloseAll();
            throw;
        }
    }

    /// <summary>Gets the output lines in the order they were configured.</summary>
    public IReadOnlyList<OutputLine> Outputs => _outputList;

    /// <summary>Gets the input lines in the order they were configured.</summary>
    public IReadOnlyList<InputLine> Inputs => _inputList;

    /// <summary>Gets the output line with that name.</summary>
    /// <param name="name">The line name.</param>
    /// <exception cref="KeyNotFoundException">No output of that name is configured.</exception>
    public OutputLine Output(string name) =>
        _outputs.TryGetValue(name, out OutputLine? line) ? line : throw new KeyNotFoundException($"No output line '{name}' is configured.");

    /// <summary>Gets the input line with that name.</summary>
    /// <param name="name">The line name.</param>
    /// <exception cref="KeyNotFoundException">No input of that name is configured.</exception>
    public InputLine Input(string name) =>
        _inputs.TryGetValue(name, out InputLine? line) ? line : throw new KeyNotFoundException($"No input line '{name}' is configured.");

    /// <summary>Gets the output line with that name, or null when it is not configured (optional lamps, handshake).</summary>
    /// <param name="name">The line name.</param>
    public OutputLine? FindOutput(string name) => _outputs.GetValueOrDefault(name);

    /// <summary>Gets the input line with that name, or null when it is not configured.</summary>
    /// <param name="name">The line name.</param>
    public InputLine? FindInput(string name) => _inputs.GetValueOrDefault(name);

    /// <summary>Puts every output at its safe level; does nothing once disposed. Safe to call from any thread.</summary>
    public void GoSafe()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            List<Exception>? failures = null;
            foreach (OutputLine line in _outputList)
            {
                try
                {
                    line.GoSafe();
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException or ObjectDisposedException)
                {
                    // One broken line must not keep the others energised.
                    (failures ??= []).Add(ex);
                }
            }

            if (failures is not null)
            {
                throw new AggregateException("Some outputs could not be put at their safe level.", failures);
            }
        }
    }

    /// <summary>Puts every output at its safe level and closes every pin.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CloseAll();
        }
    }

    private static void Check(LineSettings line)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentException.ThrowIfNullOrWhiteSpace(line.Name);
        if (line.Direction == LineDirection.Output && line.Bias != LineBias.None)
        {
            throw new ArgumentException($"Output line '{line.Name}' cannot have a bias.", nameof(line));
        }

        if (line.Direction == LineDirection.Input && (line.Initial || line.Safe))
        {
            throw new ArgumentException($"Input line '{line.Name}' cannot have an initial or safe level.", nameof(line));
        }

        if (WellKnownLines.TryGetDirection(line.Name, out LineDirection known) && known != line.Direction)
        {
            throw new ArgumentException($"Line '{line.Name}' is an {known.ToString().ToLowerInvariant()}.", nameof(line));
        }
    }

    private void Open(GpioController controller, LineSettings line)
    {
        if (_outputs.ContainsKey(line.Name) || _inputs.ContainsKey(line.Name))
        {
            throw new ArgumentException($"Line '{line.Name}' is configured twice.", nameof(line));
        }

        if (line.Direction == LineDirection.Output)
        {
            var output = new OutputLine(controller, line.Name, line.Offset, line.ActiveLow, line.Initial, line.Safe);
            _outputs.Add(line.Name, output);
            _outputList.Add(output);
        }
        else
        {
            var input = new InputLine(controller, line.Name, line.Offset, line.ActiveLow, line.Bias);
            _inputs.Add(line.Name, input);
            _inputList.Add(input);
        }
    }

    private void CloseAll()
    {
        List<Exception>? failures = null;
        foreach (OutputLine line in _outputList)
        {
            try
            {
                line.Dispose();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or ObjectDisposedException)
            {
                (failures ??= []).Add(ex);
            }
        }

        foreach (InputLine line in _inputList)
        {
            try
            {
                line.Dispose();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or ObjectDisposedException)
            {
                (failures ??= []).Add(ex);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("Some lines could not be closed safely.", failures);
        }
    }
}
