using OpenCvSharp;

namespace EdgeVision.Vision.Locate;

/// <summary>The per-frame search of <see cref="TemplateLocator"/>: coarse scan at the top level, refinement down to full resolution.</summary>
public sealed partial class TemplateLocator
{
    private const int WindowRadius = 3; // refinement window: predicted position ± this many pixels at each level
    private const int MaxAngleClimbs = 4;
    private const double CandidateMargin = 0.15; // coarse candidates this far below the best coarse score are not refined

    /// <summary>
    /// Finds the best match of the template in the 8-bit gray <paramref name="gray"/> (a whole image or an ROI view;
    /// coordinates are pixels of <paramref name="gray"/>). Found is false when its score is below the minimum score.
    /// </summary>
    public LocateMatch Locate(Mat gray)
    {
        ArgumentNullException.ThrowIfNull(gray);
        if (gray.Type() != MatType.CV_8UC1)
        {
            ThrowHelper.ThrowArgument("The image must be 8-bit gray.", nameof(gray));
        }

        _gray = gray;
        _imageSizes[0] = new Size(gray.Cols, gray.Rows);
        for (var l = 1; l <= _top; l++)
        {
            Cv2.PyrDown(Level(l - 1), _image[l]);
            _imageSizes[l] = new Size(_image[l].Cols, _image[l].Rows);
        }

        // Pixels a turned view takes from outside the image read as the image's mean: no edge to correlate with.
        _fill = Cv2.Mean(Level(_top)).Val0;
        var count = CoarseSearch();
        var coarseBest = double.MinValue;
        for (var i = 0; i < count; i++)
        {
            coarseBest = Math.Max(coarseBest, _candidates[i].Score);
        }

        var best = new Peak(false, -1, 0, 0);
        double bestAngle = 0;
        for (var i = 0; i < count; i++)
        {
            if (_candidates[i].Score < coarseBest - CandidateMargin)
            {
                continue;
            }

            var (angle, peak) = Refine(_candidates[i]);
            if (peak.Valid && peak.Score > best.Score)
            {
                best = peak;
                bestAngle = angle;
            }
        }

        _gray = null;
        if (!best.Valid)
        {
            return LocateMatch.NotFound;
        }

        var score = Math.Clamp(best.Score, 0, 1);
        return new LocateMatch(score >= _options.MinScore, best.X, best.Y, WrapAngle(bestAngle), 1, score);
    }

    private Mat Level(int level) => level == 0 ? _gray! : _image[level];

    /// <summary>
    /// Turns the whole top pyramid level once per coarse angle (so a part at that angle stands upright), correlates it
    /// with the upright template and keeps the best distinct candidates.
    /// </summary>
    private int CoarseSearch()
    {
        var image = Level(_top);
        Size size = _imageSizes[_top], template = _templateSizes[_top];
        var side = (int)Math.Ceiling(Math.Sqrt((size.Width * size.Width) + (size.Height * size.Height))) + 2;
        if (side < template.Width || side < template.Height)
        {
            return 0;
        }

        double imageX = (size.Width - 1) / 2.0, imageY = (size.Height - 1) / 2.0, canvasCentre = (side - 1) / 2.0;
        var origin = _origins[_top];
        var near = 0.25 * Math.Min(template.Width, template.Height);
        var count = 0;
        foreach (var angle in _coarseAngles)
        {
            // Canvas pixel q shows image point centre + R(angle)·(q − canvas centre).
            var (c, s) = SetRotation(angle, imageX, imageY, canvasCentre, canvasCentre);
            Cv2.WarpAffine(image, _canvas, _affine, new Size(side, side), InterpolationFlags.Linear | InterpolationFlags.WarpInverseMap, BorderTypes.Constant, Scalar.All(_fill));
            Cv2.MatchTemplate(_canvas, _templates[_top], _result, TemplateMatchModes.CCoeffNormed);
            Cv2.MinMaxLoc(_result, out _, out var max, out _, out var loc);
            double qx = loc.X + origin.X - canvasCentre, qy = loc.Y + origin.Y - canvasCentre;
            Keep(ref count, new Candidate(max, imageX + (c * qx) - (s * qy), imageY + (s * qx) + (c * qy), angle), near);
        }

        return count;
    }

    /// <summary>Sets the inverse map destination → source: source = (x, y) + R(angle)·(destination − (u, v)); returns (cos, sin).</summary>
    private (double Cos, double Sin) SetRotation(double angleDeg, double x, double y, double u, double v)
    {
        var a = angleDeg * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a);
        _affine.Set(0, 0, c);
        _affine.Set(0, 1, -s);
        _affine.Set(0, 2, x - (c * u) + (s * v));
        _affine.Set(1, 0, s);
        _affine.Set(1, 1, c);
        _affine.Set(1, 2, y - (s * u) - (c * v));
        return (c, s);
    }

    /// <summary>Adds a candidate unless a better one lies at the same place and angle; replaces the worst when full.</summary>
    private void Keep(ref int count, Candidate candidate, double near)
    {
        var sameAngle = 2.5 * _coarseStepDeg;
        var worst = -1;
        for (var i = 0; i < count; i++)
        {
            ref var other = ref _candidates[i];
            if (Math.Abs(other.X - candidate.X) <= near && Math.Abs(other.Y - candidate.Y) <= near &&
                Math.Abs(WrapAngle(other.AngleDeg - candidate.AngleDeg)) <= sameAngle)
            {
                if (candidate.Score > other.Score)
                {
                    other = candidate;
                }

                return;
            }

            if (worst < 0 || other.Score < _candidates[worst].Score)
            {
                worst = i;
            }
        }

        if (count < _candidates.Length)
        {
            _candidates[count++] = candidate;
        }
        else if (candidate.Score > _candidates[worst].Score)
        {
            _candidates[worst] = candidate;
        }
    }

    /// <summary>Follows one coarse candidate down the pyramid; returns its final angle and full-resolution peak.</summary>
    private (double AngleDeg, Peak Peak) Refine(Candidate candidate)
    {
        double x = candidate.X, y = candidate.Y, angle = candidate.AngleDeg, step = _coarseStepDeg / 2;
        var peak = default(Peak);
        for (var l = Math.Max(_top - 1, 0); l >= 0; l--)
        {
            if (l < _top)
            {
                // pyrDown keeps pixel centres: level l+1 pixel i sits on level l pixel 2i.
                x *= 2;
                y *= 2;
            }

            (angle, peak) = RefineAngle(l, angle, step, x, y);
            if (!peak.Valid)
            {
                return (angle, peak);
            }

            (x, y) = (peak.X, peak.Y);
            step /= 2;
        }

        return (angle, peak);
    }

    /// <summary>Scores the angle and half a step either side, climbs to the best, fits a parabola, scores the fitted angle.</summary>
    private (double AngleDeg, Peak Peak) RefineAngle(int level, double angle, double step, double x, double y)
    {
        var below = Evaluate(level, angle - step, x, y);
        var at = Evaluate(level, angle, x, y);
        var above = Evaluate(level, angle + step, x, y);
        for (var climb = 0; climb < MaxAngleClimbs; climb++)
        {
            if (below.Score > at.Score && below.Score >= above.Score)
            {
                angle -= step;
                (above, at) = (at, below);
                below = Evaluate(level, angle - step, at.X, at.Y);
            }
            else if (above.Score > at.Score)
            {
                angle += step;
                (below, at) = (at, above);
                above = Evaluate(level, angle + step, at.X, at.Y);
            }
            else
            {
                break;
            }
        }

        if (!at.Valid)
        {
            return (angle, at);
        }

        var (offset, _) = PeakFit.Parabola(below.Valid ? below.Score : -1, at.Score, above.Valid ? above.Score : -1);
        var fitted = angle + (offset * step);
        var peak = Evaluate(level, fitted, at.X, at.Y);
        return peak.Valid ? (fitted, peak) : (angle, at);
    }

    /// <summary>
    /// Resamples an upright patch around the predicted position as the image would look with the part turned back by
    /// <paramref name="angle"/>, correlates the upright template with it and fits the peak.
    /// </summary>
    private Peak Evaluate(int level, double angle, double x, double y)
    {
        var template = _templateSizes[level];
        var origin = _origins[level];
        double px = Math.Round(x), py = Math.Round(y);

        // Patch pixel p shows image point (px, py) + R(angle)·(p − (r, r) − origin): the template's reference point
        // sits on the prediction when the template's top-left corner is at patch (r, r).
        var (c, s) = SetRotation(angle, px, py, WindowRadius + origin.X, WindowRadius + origin.Y);
        var size = new Size(template.Width + (2 * WindowRadius), template.Height + (2 * WindowRadius));
        Cv2.WarpAffine(Level(level), _patch, _affine, size, InterpolationFlags.Linear | InterpolationFlags.WarpInverseMap, BorderTypes.Constant, Scalar.All(_fill));
        Cv2.MatchTemplate(_patch, _templates[level], _result, TemplateMatchModes.CCoeffNormed);
        Cv2.MinMaxLoc(_result, out _, out _, out _, out var loc);
        const int Side = (2 * WindowRadius) + 1;
        var (dx, dy, value) = PeakFit.Quadratic3x3(_result, loc, Side, Side);
        double u = loc.X + dx - WindowRadius, v = loc.Y + dy - WindowRadius;
        return new Peak(true, value, px + (c * u) - (s * v), py + (s * u) + (c * v));
    }

    private static double WrapAngle(double degrees)
    {
        var a = degrees % 360;
        if (a <= -180)
        {
            a += 360;
        }
        else if (a > 180)
        {
            a -= 360;
        }

        return a;
    }

    private readonly record struct Peak(bool Valid, double Score, double X, double Y);
}
