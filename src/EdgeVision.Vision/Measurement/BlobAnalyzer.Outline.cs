using OpenCvSharp;

namespace EdgeVision.Vision.Measurement;

/// <summary>The sub-pixel outline pass of <see cref="BlobAnalyzer"/>: marching squares with moments by Green's theorem.</summary>
public sealed partial class BlobAnalyzer
{
    /// <summary>
    /// Walks every 2×2 cell of pixel centres (including the cells that hang half outside the image, whose outside
    /// corners count as background) and, where blob and background meet, adds the outline segments at the gray
    /// <paramref name="level"/> to the moments of the blob they belong to. Segments are oriented with the blob on one
    /// side, so summing them by Green's theorem gives area and moments with holes subtracted. A cell holds pixels of
    /// one blob at most (8-connected labelling), and where two blob corners meet diagonally (a saddle) the outline
    /// keeps them connected, as the labelling does.
    /// </summary>
    private unsafe void TraceOutlines(Mat gray, double level)
    {
        int rows = gray.Rows, cols = gray.Cols;

        // Row-major 8-bit gray and binary, 32-bit labels; each with its own stride in bytes.
        var grayBase = (byte*)gray.DataPointer;
        var binaryBase = (byte*)_binary.DataPointer;
        var labelBase = (byte*)_labels.DataPointer;
        long grayStride = gray.Step(), binaryStride = _binary.Step(), labelStride = _labels.Step();
        Span<double> vx = stackalloc double[4];
        Span<double> vy = stackalloc double[4];
        Span<double> value = stackalloc double[4];
        Span<bool> inside = stackalloc bool[4];
        Span<bool> blob = stackalloc bool[4];
        Span<double> px = stackalloc double[4];
        Span<double> py = stackalloc double[4];

        for (var y = -1; y < rows; y++)
        {
            var upper = y >= 0 ? binaryBase + (y * binaryStride) : null;
            var lower = y + 1 < rows ? binaryBase + ((y + 1) * binaryStride) : null;
            for (var x = -1; x < cols; x++)
            {
                // Corners clockwise on screen: 0 (x, y), 1 (x+1, y), 2 (x+1, y+1), 3 (x, y+1).
                bool left = x >= 0, right = x + 1 < cols;
                blob[0] = upper != null && left && upper[x] != 0;
                blob[1] = upper != null && right && upper[x + 1] != 0;
                blob[2] = lower != null && right && lower[x + 1] != 0;
                blob[3] = lower != null && left && lower[x] != 0;
                var pattern = (blob[0] ? 1 : 0) | (blob[1] ? 2 : 0) | (blob[2] ? 4 : 0) | (blob[3] ? 8 : 0);
                if (pattern is 0 or 15)
                {
                    continue;
                }

                var first = blob[0] ? 0 : blob[1] ? 1 : blob[2] ? 2 : 3;
                int fx = x + (first is 1 or 2 ? 1 : 0), fy = y + (first >= 2 ? 1 : 0);
                var slot = _slots[*(int*)(labelBase + (fy * labelStride) + (fx * sizeof(int)))];
                if (slot < 0)
                {
                    continue;
                }

                for (var k = 0; k < 4; k++)
                {
                    int cx = x + (k is 1 or 2 ? 1 : 0), cy = y + (k >= 2 ? 1 : 0);
                    vx[k] = cx;
                    vy[k] = cy;
                    inside[k] = cx >= 0 && cx < cols && cy >= 0 && cy < rows;
                    value[k] = inside[k] ? grayBase[(cy * grayStride) + cx] : 0;
                }

                // Crossing on edge k (corner k → corner k+1) where the classes differ, by linear interpolation.
                var crossings = 0;
                for (var k = 0; k < 4; k++)
                {
                    var n = (k + 1) & 3;
                    if (blob[k] == blob[n])
                    {
                        continue;
                    }

                    crossings++;
                    var t = inside[k] && inside[n] ? Math.Clamp((level - value[k]) / (value[n] - value[k]), 0, 1) : 0.5;
                    px[k] = vx[k] + (t * (vx[n] - vx[k]));
                    py[k] = vy[k] + (t * (vy[n] - vy[k]));
                }

                ref var moments = ref _moments[slot];
                if (crossings == 2)
                {
                    int leave = -1, enter = -1;
                    for (var k = 0; k < 4; k++)
                    {
                        var n = (k + 1) & 3;
                        if (blob[k] && !blob[n])
                        {
                            leave = k;
                        }
                        else if (!blob[k] && blob[n])
                        {
                            enter = k;
                        }
                    }

                    moments.Add(px[leave], py[leave], px[enter], py[enter]);
                }
                else
                {
                    // Saddle: each leaving crossing joins the entering one on the next edge, which keeps the two
                    // diagonal blob corners connected.
                    for (var k = 0; k < 4; k++)
                    {
                        if (blob[k] && !blob[(k + 1) & 3])
                        {
                            var n = (k + 1) & 3;
                            moments.Add(px[k], py[k], px[n], py[n]);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Outline integrals of one blob, summed per segment relative to its bounding box's corner for precision.</summary>
    private struct Moments(int originX, int originY)
    {
        private readonly int _originX = originX;
        private readonly int _originY = originY;
        private double _cross;
        private double _x;
        private double _y;
        private double _xx;
        private double _yy;
        private double _xy;
        private double _length;

        public void Add(double x1, double y1, double x2, double y2)
        {
            x1 -= _originX;
            x2 -= _originX;
            y1 -= _originY;
            y2 -= _originY;
            var cross = (x1 * y2) - (x2 * y1);
            _cross += cross;
            _x += (x1 + x2) * cross;
            _y += (y1 + y2) * cross;
            _xx += ((x1 * x1) + (x1 * x2) + (x2 * x2)) * cross;
            _yy += ((y1 * y1) + (y1 * y2) + (y2 * y2)) * cross;
            _xy += ((x1 * y2) + (2 * x1 * y1) + (2 * x2 * y2) + (x2 * y1)) * cross;
            _length += Math.Sqrt(((x2 - x1) * (x2 - x1)) + ((y2 - y1) * (y2 - y1)));
        }

        public readonly BlobFeatures ToFeatures(int label, int area, Rect box)
        {
            // Green's theorem: A = Σc/2, ∫x = Σ(x1+x2)c/6, ∫x² = Σ(x1²+x1x2+x2²)c/12, ∫xy = Σ(x1y2+2x1y1+2x2y2+x2y1)c/24.
            var a = _cross / 2;
            if (a <= 0)
            {
                return new BlobFeatures(label, area, 0, _length, 0, 1, box.X + ((box.Width - 1) / 2.0), box.Y + ((box.Height - 1) / 2.0), 0, 0, 0, box);
            }

            double mx = _x / (6 * a), my = _y / (6 * a);
            var ixx = (_xx / (12 * a)) - (mx * mx);
            var iyy = (_yy / (12 * a)) - (my * my);
            var ixy = (_xy / (24 * a)) - (mx * my);
            double mean = (ixx + iyy) / 2, spread = Math.Sqrt((((ixx - iyy) / 2) * ((ixx - iyy) / 2)) + (ixy * ixy));
            double major = mean + spread, minor = Math.Max(mean - spread, 0);
            var elongation = Math.Sqrt(major / Math.Max(minor, 1e-12));
            var angle = PartPose.WrapAxisAngle(0.5 * Math.Atan2(2 * ixy, ixx - iyy) * 180 / Math.PI);
            var circularity = _length > 0 ? 4 * Math.PI * a / (_length * _length) : 0;
            return new BlobFeatures(label, area, a, _length, circularity, elongation, mx + _originX, my + _originY, angle, 4 * Math.Sqrt(major), 4 * Math.Sqrt(minor), box);
        }
    }
}
