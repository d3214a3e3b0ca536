using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace EdgeVision.Mqtt.Tests.Connection;

/// <summary>Collects a connection's log lines for assertions and echoes them to the test output.</summary>
internal sealed class TestLog(ITestOutputHelper? output = null)
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The callback to hand to the connection.</summary>
    public void Write(string line)
    {
        _lines.Enqueue(line);
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // the test has already finished
        }
    }

    /// <summary>How many lines contain <paramref name="text"/>.</summary>
    public int Count(string text) => _lines.Count(l => l.Contains(text, StringComparison.Ordinal));
}
