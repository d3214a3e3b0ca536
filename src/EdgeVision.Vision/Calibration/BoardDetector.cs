using OpenCvSharp;

namespace EdgeVision.Vision.Calibration;

/// <summary>
/// Finds a calibration board in an 8-bit gray image and returns its points in the order of
/// <see cref="CalibrationBoard.ObjectPoints"/>. Chessboards: OpenCV's quad detector (adaptive threshold, normalised
/// image, fast check), then sub-pixel refinement with a window sized to the detected square size; the sector-based
/// detector is tried when the quad detector fails (or first, see <see cref="SectorBasedFirst"/>); point 0 is put
/// next to the dark outer square whenever the board tells its ends apart. Circle grids: OpenCV's grid finder over a blob detector that
/// accepts dark circles up to the image's share per grid point. Meant for calibration, not for the per-frame path:
/// it allocates.
/// </summary>
public sealed class BoardDetector : IDisposable
{
    private const ChessboardFlags QuadFlags = ChessboardFlags.AdaptiveThresh | ChessboardFlags.NormalizeImage | ChessboardFlags.FastCheck;
    private SimpleBlobDetector? _blobs;
    private Size _blobsFor;

    /// <summary>Creates a detector for <paramref name="board"/>.</summary>
    public BoardDetector(CalibrationBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        board.EnsureValid();
        Board = board;
    }

    /// <summary>The board this detector looks for.</summary>
    public CalibrationBoard Board { get; }

    /// <summary>
    /// Tries OpenCV's sector-based chessboard detector before the quad detector (by default it is the fallback).
    /// Slower on images without a board; steadier on blurred or unevenly lit ones.
    /// </summary>
    public bool SectorBasedFirst { get; init; }

    /// <summary>
    /// Looks for the whole board in <paramref name="gray"/>. On success <paramref name="points"/> holds one image
    /// point per board point; otherwise it is empty.
    /// </summary>
    public bool TryDetect(Mat gray, out Point2f[] points)
    {
        ArgumentNullException.ThrowIfNull(gray);
        if (gray.Type() != MatType.CV_8UC1)
        {
            ThrowHelper.ThrowArgument("The board detector works on 8-bit single-channel images.", nameof(gray));
        }

        var found = Board.Kind == BoardKind.Chessboard ? FindChessboard(gray, out points) : FindCircles(gray, out points);
        if (!found || points.Length != Board.PointCount)
        {
            points = [];
            return false;
        }

        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _blobs?.Dispose();

    private bool FindChessboard(Mat gray, out Point2f[] points)
    {
        if (SectorBasedFirst)
        {
            return FindBySectors(gray, out points) || FindByQuads(gray, out points);
        }

        // The fast check turns away images without a board in milliseconds (the quad search on a noisy image without
        // one takes seconds), and may turn away a hard one: the sector-based detector, sub-pixel accurate by itself and
        // tolerant of blur and uneven light, gets a second look (about a second on a megapixel image without a board).
        return FindByQuads(gray, out points) || FindBySectors(gray, out points);
    }

    private bool FindByQuads(Mat gray, out Point2f[] points)
    {
        if (!Cv2.FindChessboardCorners(gray, Board.PatternSize, out points, QuadFlags))
        {
            return false;
        }

        points = Refine(gray, points);
        PutOriginAtTheDarkCorner(gray, points);
        return true;
    }

    private bool FindBySectors(Mat gray, out Point2f[] points)
    {
        if (!Cv2.FindChessboardCornersSB(gray, Board.PatternSize, out points, ChessboardFlags.NormalizeImage))
        {
            return false;
        }

        points = Refine(gray, points); // the sector-based corners are good to about 0.15 px; the gradient fit does better
        PutOriginAtTheDarkCorner(gray, points);
        return true;
    }

    /// <summary>Sub-pixel corner refinement in a window of a bit less than half the smallest square.</summary>
    private Point2f[] Refine(Mat gray, Point2f[] points)
    {
        var half = Math.Clamp((int)(0.4 * MinNeighbourDistance(points)), 2, 11);
        return Cv2.CornerSubPix(gray, points, new Size(half, half), new Size(-1, -1),
            new TermCriteria(CriteriaTypes.Eps | CriteriaTypes.Count, 60, 0.0005));
    }

    /// <summary>
    /// OpenCV's two chessboard detectors start from opposite ends (the quad detector next to a dark outer square, the
    /// sector-based one next to a light one), and either may start from the other end when an outer square is cut
    /// off. When the inner corner counts differ in parity the outer squares at the two ends differ in colour, so the
    /// order is fixed by putting point 0 next to the dark one (as on OpenCV's printed pattern); the board's axes then
    /// stay the same from image to image and detector to detector. Boards with both counts even or both odd look the
    /// same turned by 180° and keep OpenCV's order.
    /// </summary>
    private void PutOriginAtTheDarkCorner(Mat gray, Point2f[] points)
    {
        int cols = Board.Cols, rows = Board.Rows, last = points.Length - 1;
        if ((cols + rows) % 2 == 0)
        {
            return;
        }

        // Half a diagonal outwards from an end corner lies the middle of the outer square there.
        var first = OuterSquareLevel(gray, points[0], points[cols + 1]);
        var end = OuterSquareLevel(gray, points[last], points[last - cols - 1]);
        if (first > end)
        {
            Array.Reverse(points);
        }
    }

    private static double OuterSquareLevel(Mat gray, Point2f corner, Point2f inner)
    {
        var x = (int)Math.Round(corner.X + (0.5 * (corner.X - inner.X)));
        var y = (int)Math.Round(corner.Y + (0.5 * (corner.Y - inner.Y)));
        int cols = gray.Cols, rows = gray.Rows;
        double sum = 0;
        var count = 0;
        for (var dy = -1; dy <= 1; dy++)
        {
            for (var dx = -1; dx <= 1; dx++)
            {
                int px = x + dx, py = y + dy;
                if (px >= 0 && py >= 0 && px < cols && py < rows)
                {
                    sum += gray.At<byte>(py, px);
                    count++;
                }
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    private bool FindCircles(Mat gray, out Point2f[] points)
    {
        var size = gray.Size();
        if (_blobs is null || size != _blobsFor)
        {
            // OpenCV's default blob detector stops at 5000 px², which a close-up of a circle grid exceeds. A circle
            // cannot be larger than the image's share per grid point; a larger limit would let the dark surroundings
            // of the sheet count as a blob and scramble the grid.
            _blobs?.Dispose();
            _blobs = SimpleBlobDetector.Create(new SimpleBlobDetector.Params
            {
                MaxArea = Math.Max(5000f, (float)size.Width * size.Height / Board.PointCount),
            });
            _blobsFor = size;
        }

        var flags = Board.Kind == BoardKind.AsymmetricCircles ? FindCirclesGridFlags.AsymmetricGrid : FindCirclesGridFlags.SymmetricGrid;
        return Cv2.FindCirclesGrid(gray, Board.PatternSize, out points, flags, _blobs);
    }

    /// <summary>The smallest distance between neighbouring points of a row or a column of the detected grid.</summary>
    private double MinNeighbourDistance(Point2f[] points)
    {
        var min = double.MaxValue;
        int cols = Board.Cols, rows = Board.Rows;
        for (var row = 0; row < rows; row++)
        {
            for (var col = 0; col < cols; col++)
            {
                var p = points[(row * cols) + col];
                if (col + 1 < cols)
                {
                    min = Math.Min(min, p.DistanceTo(points[(row * cols) + col + 1]));
                }

                if (row + 1 < rows)
                {
                    min = Math.Min(min, p.DistanceTo(points[((row + 1) * cols) + col]));
                }
            }
        }

        return min;
    }
}
