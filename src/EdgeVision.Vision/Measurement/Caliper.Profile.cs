using System.Buffers;
using EdgeVision.Vision.Geometry;
using OpenCvSharp;

namespace EdgeVision.Vision.Measurement;

/// <summary>Profile sampling, smoothing and differentiation of <see cref="Caliper"/>.</summary>
public sealed partial class Caliper
{
    /// <summary>How many samples a caliper takes along a region of <paramref name="length"/> px (at least 3).</summary>
    public static int SamplesAlong(double length) => Math.Max(3, (int)Math.Ceiling(length));

    /// <summary>How many samples a caliper averages across a region of <paramref name="width"/> px (at least 1).</summary>
    public static int SamplesAcross(double width) => Math.Max(1, (int)Math.Ceiling(width));

    /// <summary>
    /// Samples the profile of <paramref name="roi"/> and its gradient. Sample (i, j) sits at local
    /// u = i − (n − 1)/2 + shift, v = j − (m − 1)/2 (the grid of <see cref="RoiSampler"/> moved along u by the shift
    /// below); points outside the image read the nearest border pixel.
    /// </summary>
    private unsafe void Measure(Mat gray, in RotatedRoi roi, double minStrength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(gray);
        if (!(double.IsFinite(roi.X) && double.IsFinite(roi.Y) && double.IsFinite(roi.AngleDeg) && roi.Length is > 0 and < 1e6 && roi.Width is > 0 and < 1e6))
        {
            ThrowHelper.ThrowArgument("The caliper region needs a finite centre and angle and a positive size.", nameof(roi));
        }

        if (!(minStrength >= 0))
        {
            ThrowHelper.ThrowArgument("The minimum edge strength must be 0 or more.", nameof(minStrength));
        }

        if (gray.Type() != MatType.CV_8UC1)
        {
            ThrowHelper.ThrowArgument("The caliper reads 8-bit single-channel images.", nameof(gray));
        }

        // Each of these is a native call: read once.
        int rows = gray.Rows, cols = gray.Cols;
        if (rows == 0 || cols == 0)
        {
            ThrowHelper.ThrowArgument("The image is empty.", nameof(gray));
        }

        var stride = gray.Step();
        var data = (byte*)gray.DataPointer;
        int n = SamplesAlong(roi.Length), m = SamplesAcross(roi.Width);
        EnsureCapacity(n);
        _count = n;
        _roi = roi;

        var (c, s) = roi.AxisU;
        // Shift the grid along u (by at most 0.71 px) so the first sample lands on a whole pixel column, or row for
        // a steep caliper. An axis-aligned caliper then reads pixels without interpolating along u: bilinear weights
        // (1 − f, f) would skew the gradient peak and bias the parabola by up to 0.05 px.
        var first = -(n - 1) / 2.0;
        double fx = roi.X + (first * c), fy = roi.Y + (first * s);
        _shift = Math.Abs(c) >= Math.Abs(s) ? (Math.Round(fx) - fx) / c : (Math.Round(fy) - fy) / s;
        double cu = ((n - 1) / 2.0) - _shift, cv = (m - 1) / 2.0, scale = 1.0 / m;
        var profile = _profile.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            var u = i - cu;
            double x0 = roi.X + (u * c), y0 = roi.Y + (u * s), sum = 0;
            for (var j = 0; j < m; j++)
            {
                var v = j - cv;
                sum += Bilinear(data, stride, cols, rows, x0 - (v * s), y0 + (v * c));
            }

            profile[i] = sum * scale;
        }

        Smooth(profile, _smoothed.AsSpan(0, n), _kernel);
        Differentiate(_smoothed.AsSpan(0, n), _gradient.AsSpan(0, n));
    }

    /// <summary>Bilinear read of an 8-bit image of <paramref name="stride"/> bytes per row, clamped to the border.</summary>
    private static unsafe double Bilinear(byte* data, long stride, int cols, int rows, double x, double y)
    {
        x = Math.Clamp(x, 0, cols - 1);
        y = Math.Clamp(y, 0, rows - 1);
        int ix = (int)x, iy = (int)y; // non-negative, so truncation is floor
        double fx = x - ix, fy = y - iy;
        var dx = ix + 1 < cols ? 1 : 0;
        var row0 = data + (iy * stride);
        var row1 = iy + 1 < rows ? row0 + stride : row0;
        var top = row0[ix] + (fx * (row0[ix + dx] - row0[ix]));
        var bottom = row1[ix] + (fx * (row1[ix + dx] - row1[ix]));
        return top + (fy * (bottom - top));
    }

    /// <summary>Convolves with the symmetric kernel whose centre and right half are <paramref name="half"/>, repeating the end samples.</summary>
    private static void Smooth(ReadOnlySpan<double> source, Span<double> destination, ReadOnlySpan<double> half)
    {
        var n = source.Length;
        var last = n - 1;
        for (var i = 0; i < n; i++)
        {
            var sum = half[0] * source[i];
            for (var t = 1; t < half.Length; t++)
            {
                sum += half[t] * (source[Math.Max(i - t, 0)] + source[Math.Min(i + t, last)]);
            }

            destination[i] = sum;
        }
    }

    /// <summary>Central differences; the two end samples get 0 so they are never edges.</summary>
    private static void Differentiate(ReadOnlySpan<double> profile, Span<double> gradient)
    {
        var n = profile.Length;
        gradient[0] = 0;
        gradient[n - 1] = 0;
        for (var i = 1; i < n - 1; i++)
        {
            gradient[i] = (profile[i + 1] - profile[i - 1]) / 2;
        }
    }

    /// <summary>The centre and right half of a normalised Gaussian reaching 3 sigma; just [1] when sigma is 0.</summary>
    private static double[] HalfGaussian(double sigma)
    {
        if (sigma == 0)
        {
            return [1];
        }

        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var half = new double[radius + 1];
        var total = 0.0;
        for (var t = 0; t <= radius; t++)
        {
            half[t] = Math.Exp(-(t * t) / (2 * sigma * sigma));
            total += t == 0 ? half[t] : 2 * half[t];
        }

        for (var t = 0; t <= radius; t++)
        {
            half[t] /= total;
        }

        return half;
    }

    /// <summary>Grows the buffers to hold <paramref name="n"/> samples; keeps them when they already do.</summary>
    private void EnsureCapacity(int n)
    {
        if (_profile.Length >= n && _candidates.Length >= 2 * n)
        {
            return;
        }

        Return(ref _profile);
        Return(ref _smoothed);
        Return(ref _gradient);
        _profile = ArrayPool<double>.Shared.Rent(n);
        _smoothed = ArrayPool<double>.Shared.Rent(n);
        _gradient = ArrayPool<double>.Shared.Rent(n);
        if (_candidates.Length > 0)
        {
            ArrayPool<EdgePoint>.Shared.Return(_candidates);
        }

        // Each polarity has at most one edge per sample, and a pair search stores two polarities.
        _candidates = ArrayPool<EdgePoint>.Shared.Rent(2 * n);
    }
}
