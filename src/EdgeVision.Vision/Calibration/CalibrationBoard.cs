using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OpenCvSharp;

namespace EdgeVision.Vision.Calibration;

/// <summary>The kinds of calibration target the detector knows.</summary>
public enum BoardKind
{
    /// <summary>A chessboard; the grid counts its inner corners (where four squares meet).</summary>
    Chessboard,

    /// <summary>Dark circles on a square grid.</summary>
    SymmetricCircles,

    /// <summary>Dark circles on a staggered grid: every other row is shifted by half the distance within a row.</summary>
    AsymmetricCircles,
}

/// <summary>
/// A calibration target: its kind, the points counted per row (<see cref="Cols"/>) and rows (<see cref="Rows"/>), and
/// the spacing in millimetres. For a chessboard the spacing is the square size; for a symmetric grid the distance
/// between neighbouring circles; for an asymmetric grid OpenCV's convention holds: neighbouring circles in a row are
/// two spacings apart and each row is one spacing below and one spacing across from the one before.
/// </summary>
public sealed record CalibrationBoard(BoardKind Kind, int Cols, int Rows, double SpacingMm)
{
    /// <summary>The number of points the detector finds on the board.</summary>
    public int PointCount => Cols * Rows;

    /// <summary>OpenCV's pattern size (points per row, rows).</summary>
    public Size PatternSize => new(Cols, Rows);

    /// <summary>The spec this board parses from, e.g. "chessboard:9x6".</summary>
    public string Spec => string.Create(CultureInfo.InvariantCulture, $"{KindName(Kind)}:{Cols}x{Rows}");

    /// <summary>
    /// The board points in millimetres on the plane z = 0, in the order OpenCV's detectors return them: row by row,
    /// left to right. Point 0 is the origin of board coordinates.
    /// </summary>
    public Point3f[] ObjectPoints()
    {
        var points = new Point3f[PointCount];
        for (var row = 0; row < Rows; row++)
        {
            for (var col = 0; col < Cols; col++)
            {
                var (x, y) = PointAt(col, row);
                points[(row * Cols) + col] = new Point3f((float)x, (float)y, 0);
            }
        }

        return points;
    }

    /// <summary>The position in millimetres of the point in column <paramref name="col"/> of row <paramref name="row"/>.</summary>
    public (double X, double Y) PointAt(int col, int row) => Kind == BoardKind.AsymmetricCircles
        ? (((2 * col) + (row % 2)) * SpacingMm, row * SpacingMm)
        : (col * SpacingMm, row * SpacingMm);

    /// <summary>The extent in millimetres of the points (from point 0 to the farthest point along each axis).</summary>
    public (double Width, double Height) PointExtentMm => Kind == BoardKind.AsymmetricCircles
        ? (((2 * (Cols - 1)) + (Rows > 1 ? 1 : 0)) * SpacingMm, (Rows - 1) * SpacingMm)
        : ((Cols - 1) * SpacingMm, (Rows - 1) * SpacingMm);

    /// <summary>
    /// Parses a board spec — "chessboard:9x6" (inner corners), "circles:7x6" or "acircles:4x11" (circles per row x
    /// rows) — with the spacing in millimetres. Returns false with a message saying what is wrong.
    /// </summary>
    public static bool TryParse(string spec, double squareMm, [NotNullWhen(true)] out CalibrationBoard? board, out string error)
    {
        board = null;
        if (string.IsNullOrWhiteSpace(spec))
        {
            error = "The board spec is empty; expected e.g. chessboard:9x6, circles:7x6 or acircles:4x11.";
            return false;
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            error = $"The board spec '{spec}' has no ':'; expected kind:COLSxROWS, e.g. chessboard:9x6.";
            return false;
        }

        var kindText = spec[..colon].Trim();
        BoardKind kind;
        if (kindText.Equals("chessboard", StringComparison.OrdinalIgnoreCase))
        {
            kind = BoardKind.Chessboard;
        }
        else if (kindText.Equals("circles", StringComparison.OrdinalIgnoreCase))
        {
            kind = BoardKind.SymmetricCircles;
        }
        else if (kindText.Equals("acircles", StringComparison.OrdinalIgnoreCase))
        {
            kind = BoardKind.AsymmetricCircles;
        }
        else
        {
            error = $"Unknown board kind '{kindText}' in '{spec}'; expected chessboard, circles or acircles.";
            return false;
        }

        var size = spec[(colon + 1)..].Trim();
        var x = size.IndexOfAny(['x', 'X']);
        if (x < 0
            || !int.TryParse(size.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var cols)
            || !int.TryParse(size.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var rows))
        {
            error = $"The grid size '{size}' in '{spec}' is not COLSxROWS with whole numbers, e.g. 9x6.";
            return false;
        }

        var problem = Validate(kind, cols, rows, squareMm);
        if (problem is not null)
        {
            error = $"{problem} (in '{spec}')";
            return false;
        }

        board = new CalibrationBoard(kind, cols, rows, squareMm);
        error = string.Empty;
        return true;
    }

    /// <summary>Says what is wrong with a board's parameters, or null when they are usable.</summary>
    internal static string? Validate(BoardKind kind, int cols, int rows, double spacingMm)
    {
        var min = kind == BoardKind.Chessboard ? 3 : 2;
        if (cols < min || rows < min)
        {
            return kind == BoardKind.Chessboard
                ? $"A chessboard needs at least 3x3 inner corners, not {cols}x{rows}."
                : $"A circle grid needs at least 2x2 circles, not {cols}x{rows}.";
        }

        if (!double.IsFinite(spacingMm) || spacingMm <= 0)
        {
            return $"The square size/spacing must be a positive number of millimetres, not {spacingMm.ToString(CultureInfo.InvariantCulture)}.";
        }

        return null;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> when the board cannot be detected or calibrated with.</summary>
    internal void EnsureValid()
    {
        var problem = Validate(Kind, Cols, Rows, SpacingMm);
        if (problem is not null)
        {
            ThrowHelper.ThrowArgument(problem, "board");
        }
    }

    private static string KindName(BoardKind kind) => kind switch
    {
        BoardKind.Chessboard => "chessboard",
        BoardKind.SymmetricCircles => "circles",
        _ => "acircles",
    };
}
