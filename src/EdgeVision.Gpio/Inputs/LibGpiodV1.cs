using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EdgeVision.Gpio.Inputs;

/// <summary>The few calls of the libgpiod v1 C API (Debian's <c>libgpiod.so.2</c>) that edge reading needs.</summary>
internal static partial class LibGpiodV1
{
    public const string Library = "libgpiod.so.2";

    /// <summary><c>GPIOD_LINE_EVENT_RISING_EDGE</c>.</summary>
    public const int RisingEdge = 1;

    /// <summary><c>GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN</c>.</summary>
    public const int FlagBiasPullDown = 1 << 4;

    /// <summary><c>GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP</c>.</summary>
    public const int FlagBiasPullUp = 1 << 5;

    /// <summary>Opens a chip by path, name, label or number.</summary>
    [LibraryImport(Library, EntryPoint = "gpiod_chip_open_lookup", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial ChipHandle ChipOpenLookup(string description);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_close")]
    public static partial void ChipClose(IntPtr chip);

    /// <summary>Returns the line (owned by the chip) at an offset, or null.</summary>
    [LibraryImport(Library, EntryPoint = "gpiod_chip_get_line", SetLastError = true)]
    public static partial IntPtr ChipGetLine(ChipHandle chip, uint offset);

    [LibraryImport(Library, EntryPoint = "gpiod_line_request_both_edges_events_flags", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LineRequestBothEdgesEvents(IntPtr line, string consumer, int flags);

    [LibraryImport(Library, EntryPoint = "gpiod_line_release")]
    public static partial void LineRelease(IntPtr line);

    [LibraryImport(Library, EntryPoint = "gpiod_line_get_value", SetLastError = true)]
    public static partial int LineGetValue(IntPtr line);

    /// <summary>Waits for an event: 1 when one is pending, 0 on timeout, -1 on error.</summary>
    [LibraryImport(Library, EntryPoint = "gpiod_line_event_wait", SetLastError = true)]
    public static partial int LineEventWait(IntPtr line, in Timespec timeout);

    [LibraryImport(Library, EntryPoint = "gpiod_line_event_read", SetLastError = true)]
    public static partial int LineEventRead(IntPtr line, out LineEvent lineEvent);

    /// <summary><c>struct timespec</c> of 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary><c>struct gpiod_line_event</c>: the kernel's timestamp and the edge type.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct LineEvent
    {
        public Timespec Timestamp;
        public int EventType;
    }

    /// <summary>Owns one <c>struct gpiod_chip*</c>; closing it releases the lines requested through it.</summary>
    public sealed class ChipHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public ChipHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle()
        {
            ChipClose(handle);
            return true;
        }
    }
}
