using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace EdgeVision.Vision;

/// <summary>Throws from non-inlined helpers so that hot methods stay small.</summary>
public static class ThrowHelper
{
    /// <summary>Throws an <see cref="InvalidOperationException"/> with the given message.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);

    /// <summary>Throws an <see cref="ArgumentException"/> with the given message and parameter name.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgument(string message, string paramName) => throw new ArgumentException(message, paramName);
}
