using System.Reflection;

namespace EdgeVision.Service;

/// <summary>The software version the service reports (birth payload, discovery, Sparkplug properties).</summary>
public static class ServiceVersion
{
    /// <summary>The assembly's informational version without build metadata, e.g. <c>0.5.0</c>.</summary>
    public static string Text { get; } = Read();

    private static string Read()
    {
        var version = typeof(ServiceVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }
}
