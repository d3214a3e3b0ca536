using OpenCvSharp;

namespace EdgeVision.Vision.Ocr;

/// <summary>Cutting groups that are too wide to be one character (neighbours touching through serifs or smudges).</summary>
public sealed partial class CharacterSegmenter
{
    // The cut is searched in the middle part of the box only, so that a cut never shaves a serif off an end.
    private const double CutMargin = 0.3;

    private int _found;

    // Turns the merged groups into character boxes, cutting over-wide ones; returns how many characters there are.
    private int Split(int groups)
    {
        _found = 0;
        for (var g = 0; g < groups; g++)
        {
            Emit(_groups[g], g);
        }

        return _found;
    }

    // Recursion depth is the number of touching neighbours in a row, a handful at most.
    private void Emit(Rect box, int group)
    {
        if (box.Width > _options.SplitAspect * box.Height && TryCut(box, group, out var cut))
        {
            if (Tighten(new Rect(box.X, box.Y, cut - box.X, box.Height), group, out var left))
            {
                Emit(left, group);
            }

            if (Tighten(new Rect(cut, box.Y, box.Right - cut, box.Height), group, out var right))
            {
                Emit(right, group);
            }

            return;
        }

        if (_found == _boxes.Length)
        {
            Array.Resize(ref _boxes, _found * 2);
            Array.Resize(ref _groupOfBox, _found * 2);
        }

        _boxes[_found] = box;
        _groupOfBox[_found++] = group;
    }

    // The column in the middle of the box with the least ink of the group (nearest the middle among equals).
    private unsafe bool TryCut(Rect box, int group, out int cut)
    {
        var from = box.X + (int)Math.Ceiling(box.Width * CutMargin);
        var to = box.X + (int)Math.Floor(box.Width * (1 - CutMargin));
        cut = -1;
        var least = int.MaxValue;
        var middle = box.X + (box.Width / 2.0);
        var data = (byte*)_labels.DataPointer;
        var step = _labels.Step();
        for (var x = from; x <= to; x++)
        {
            var ink = 0;
            for (var y = box.Y; y < box.Bottom; y++)
            {
                if (_groupOfLabel[((int*)(data + (y * step)))[x]] == group)
                {
                    ink++;
                }
            }

            if (ink < least || (ink == least && Math.Abs(x - middle) < Math.Abs(cut - middle)))
            {
                least = ink;
                cut = x;
            }
        }

        return cut > box.X;
    }

    // Shrinks the box to the group's ink inside it; false when there is none.
    private unsafe bool Tighten(Rect box, int group, out Rect tight)
    {
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        var data = (byte*)_labels.DataPointer;
        var step = _labels.Step();
        for (var y = box.Y; y < box.Bottom; y++)
        {
            var row = (int*)(data + (y * step));
            for (var x = box.X; x < box.Right; x++)
            {
                if (_groupOfLabel[row[x]] == group)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }

        tight = right < 0 ? default : new Rect(left, top, right - left + 1, bottom - top + 1);
        return right >= 0;
    }
}
