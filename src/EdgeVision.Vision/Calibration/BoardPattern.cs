namespace EdgeVision.Vision.Calibration;

/// <summary>
/// The printed appearance of a calibration board, analytically, in board millimetres: a white sheet (the board's
/// points plus a margin) carrying black squares or black circles, on a background outside the sheet. Answers the level
/// at a point and whether a small rectangle is all one level, so a renderer supersamples only where an edge passes.
/// </summary>
internal readonly struct BoardPattern
{
    private readonly BoardKind _kind;
    private readonly int _cols, _rows;
    private readonly double _spacing, _radius;
    private readonly double _black, _white, _background;
    private readonly double _sheetX0, _sheetY0, _sheetX1, _sheetY1;
    private readonly double _inkX0, _inkY0, _inkX1, _inkY1; // where squares or circles can be

    public BoardPattern(CalibrationBoard board, double circleRadiusRatio, double black, double white, double background)
    {
        _kind = board.Kind;
        _cols = board.Cols;
        _rows = board.Rows;
        _spacing = board.SpacingMm;
        _black = black;
        _white = white;
        _background = background;
        var (w, h) = board.PointExtentMm;
        if (_kind == BoardKind.Chessboard)
        {
            // Inner corners at multiples of the square size; one row of squares beyond them on every side.
            _radius = 0;
            (_inkX0, _inkY0, _inkX1, _inkY1) = (-_spacing, -_spacing, w + _spacing, h + _spacing);
        }
        else
        {
            var nearest = _kind == BoardKind.AsymmetricCircles ? _spacing * Math.Sqrt(2) : _spacing;
            _radius = circleRadiusRatio * nearest;
            (_inkX0, _inkY0, _inkX1, _inkY1) = (-_radius, -_radius, w + _radius, h + _radius);
        }

        // A white margin of one spacing around the ink.
        (_sheetX0, _sheetY0, _sheetX1, _sheetY1) = (_inkX0 - _spacing, _inkY0 - _spacing, _inkX1 + _spacing, _inkY1 + _spacing);
    }

    /// <summary>The level at board point (x, y); NaN (a ray that misses the plane) reads as background.</summary>
    public double Shade(double x, double y)
    {
        if (!(x >= _sheetX0 && x <= _sheetX1 && y >= _sheetY0 && y <= _sheetY1))
        {
            return _background;
        }

        if (x < _inkX0 || x > _inkX1 || y < _inkY0 || y > _inkY1)
        {
            return _white;
        }

        if (_kind == BoardKind.Chessboard)
        {
            var ix = (long)Math.Floor(x / _spacing) + 1;
            var iy = (long)Math.Floor(y / _spacing) + 1;
            return ((ix + iy) & 1) == 0 ? _black : _white;
        }

        return NearestCentreDistance(x, y) <= _radius ? _black : _white;
    }

    /// <summary>True when the whole rectangle [x0, x1] × [y0, y1] has one level, which is returned.</summary>
    public bool TryUniform(double x0, double y0, double x1, double y1, out double level)
    {
        level = _background;
        if (!(x0 <= x1 && y0 <= y1))
        {
            return false; // NaN corners
        }

        if (x1 < _sheetX0 || x0 > _sheetX1 || y1 < _sheetY0 || y0 > _sheetY1)
        {
            return true;
        }

        if (x0 < _sheetX0 || x1 > _sheetX1 || y0 < _sheetY0 || y1 > _sheetY1)
        {
            return false; // crosses the sheet's edge
        }

        level = _white;
        if (x1 < _inkX0 || x0 > _inkX1 || y1 < _inkY0 || y0 > _inkY1)
        {
            return true;
        }

        if (_kind == BoardKind.Chessboard)
        {
            if (x0 < _inkX0 || x1 > _inkX1 || y0 < _inkY0 || y1 > _inkY1)
            {
                return false;
            }

            if (Math.Floor(x0 / _spacing) != Math.Floor(x1 / _spacing) || Math.Floor(y0 / _spacing) != Math.Floor(y1 / _spacing))
            {
                return false;
            }

            level = Shade((x0 + x1) / 2, (y0 + y1) / 2);
            return true;
        }

        double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        var halfDiagonal = 0.5 * Math.Sqrt(((x1 - x0) * (x1 - x0)) + ((y1 - y0) * (y1 - y0)));
        var d = NearestCentreDistance(cx, cy);
        if (d - halfDiagonal > _radius)
        {
            return true;
        }

        if (d + halfDiagonal < _radius)
        {
            level = _black;
            return true;
        }

        return false;
    }

    private double NearestCentreDistance(double x, double y)
    {
        if (_kind == BoardKind.SymmetricCircles)
        {
            var col = Math.Clamp(Math.Round(x / _spacing), 0, _cols - 1);
            var row = Math.Clamp(Math.Round(y / _spacing), 0, _rows - 1);
            return Math.Sqrt(Square(x - (col * _spacing)) + Square(y - (row * _spacing)));
        }

        // Staggered rows: row r holds circles at x = (2c + r mod 2)·s, y = r·s. Rows more than two away are farther
        // than the nearest circle of the closest row.
        var best = double.MaxValue;
        var centreRow = (int)Math.Clamp(Math.Round(y / _spacing), 0, _rows - 1);
        for (var row = Math.Max(0, centreRow - 2); row <= Math.Min(_rows - 1, centreRow + 2); row++)
        {
            var shift = row % 2;
            var col = Math.Clamp(Math.Round(((x / _spacing) - shift) / 2), 0, _cols - 1);
            var d2 = Square(x - (((2 * col) + shift) * _spacing)) + Square(y - (row * _spacing));
            best = Math.Min(best, d2);
        }

        return Math.Sqrt(best);
    }

    private static double Square(double v) => v * v;
}
