using System.Device.Gpio;

namespace EdgeVision.Gpio;

/// <summary>
/// Fixed-size ring of <see cref="GpioTransition"/> structs: the array is allocated once, so adding never allocates;
/// when full, the oldest entry is overwritten and counted. Not thread-safe: the owner serialises access.
/// </summary>
internal sealed class TransitionLog
{
    private readonly GpioTransition[] _items;
    private int _next;
    private int _count;

    public TransitionLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new GpioTransition[capacity];
    }

    public int Capacity => _items.Length;

    public long Overwritten { get; private set; }

    public void Add(GpioTransition transition)
    {
        _items[_next] = transition;
        _next = _next + 1 == _items.Length ? 0 : _next + 1;
        if (_count < _items.Length)
        {
            _count++;
        }
        else
        {
            Overwritten++;
        }
    }

    /// <summary>Copies the transitions of one pin, oldest first.</summary>
    public List<GpioTransition> Snapshot(int pin)
    {
        var result = new List<GpioTransition>();
        int index = FirstIndex();
        for (int i = 0; i < _count; i++)
        {
            ref readonly GpioTransition item = ref _items[index];
            if (item.Pin == pin)
            {
                result.Add(item);
            }

            index = index + 1 == _items.Length ? 0 : index + 1;
        }

        return result;
    }

    /// <summary>Counts the transitions of one pin to one level, without allocating.</summary>
    public int Count(int pin, PinValue value)
    {
        int matches = 0;
        int index = FirstIndex();
        for (int i = 0; i < _count; i++)
        {
            ref readonly GpioTransition item = ref _items[index];
            if (item.Pin == pin && item.Value == value)
            {
                matches++;
            }

            index = index + 1 == _items.Length ? 0 : index + 1;
        }

        return matches;
    }

    public void Clear()
    {
        _next = 0;
        _count = 0;
        Overwritten = 0;
    }

    private int FirstIndex()
    {
        int first = _next - _count;
        return first < 0 ? first + _items.Length : first;
    }
}
