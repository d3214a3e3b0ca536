using EdgeVision.Vision.Calibration;

namespace EdgeVision.Vision.Tests.Calibration;

public class CalibrationBoardTests
{
    [Theory]
    [InlineData("chessboard:9x6", BoardKind.Chessboard, 9, 6)]
    [InlineData("circles:7x6", BoardKind.SymmetricCircles, 7, 6)]
    [InlineData("acircles:4x11", BoardKind.AsymmetricCircles, 4, 11)]
    [InlineData(" Chessboard : 7X5 ", BoardKind.Chessboard, 7, 5)]
    public void Specs_of_the_three_board_kinds_parse_into_their_grid_and_spacing(string spec, BoardKind kind, int cols, int rows)
    {
        var ok = CalibrationBoard.TryParse(spec, 25, out var board, out var error);

        Assert.True(ok, error);
        Assert.Equal(new CalibrationBoard(kind, cols, rows, 25), board);
        Assert.Equal(string.Empty, error);
    }

    [Theory]
    [InlineData("", 25, "empty")]
    [InlineData("chessboard", 25, "no ':'")]
    [InlineData("hexagons:3x3", 25, "Unknown board kind 'hexagons'")]
    [InlineData("chessboard:9by6", 25, "not COLSxROWS")]
    [InlineData("chessboard:9x-6", 25, "not COLSxROWS")]
    [InlineData("chessboard:2x6", 25, "at least 3x3")]
    [InlineData("circles:1x6", 25, "at least 2x2")]
    [InlineData("circles:7x6", 0, "positive number of millimetres")]
    [InlineData("acircles:4x11", double.NaN, "positive number of millimetres")]
    public void Malformed_specs_are_refused_with_a_message_saying_what_is_wrong(string spec, double squareMm, string expected)
    {
        var ok = CalibrationBoard.TryParse(spec, squareMm, out var board, out var error);

        Assert.False(ok);
        Assert.Null(board);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_spec_of_a_board_parses_back_into_the_same_board()
    {
        var board = new CalibrationBoard(BoardKind.AsymmetricCircles, 4, 11, 17.5);

        Assert.True(CalibrationBoard.TryParse(board.Spec, 17.5, out var parsed, out _));
        Assert.Equal("acircles:4x11", board.Spec);
        Assert.Equal(board, parsed);
    }

    [Fact]
    public void Chessboard_points_run_row_by_row_from_the_origin_in_square_steps()
    {
        var points = new CalibrationBoard(BoardKind.Chessboard, 9, 6, 25).ObjectPoints();

        Assert.Equal(54, points.Length);
        Assert.Equal(new(0, 0, 0), points[0]);
        Assert.Equal(new(25, 0, 0), points[1]);
        Assert.Equal(new(200, 0, 0), points[8]);
        Assert.Equal(new(0, 25, 0), points[9]);
        Assert.Equal(new(200, 125, 0), points[53]);
    }

    [Fact]
    public void Asymmetric_grid_points_are_staggered_as_OpenCV_lays_them_out()
    {
        // OpenCV's samples: point (row i, column j) at ((2j + i mod 2)·s, i·s).
        var board = new CalibrationBoard(BoardKind.AsymmetricCircles, 4, 11, 10);
        var points = board.ObjectPoints();

        Assert.Equal(44, points.Length);
        Assert.Equal(new(0, 0, 0), points[0]);
        Assert.Equal(new(20, 0, 0), points[1]);
        Assert.Equal(new(60, 0, 0), points[3]);
        Assert.Equal(new(10, 10, 0), points[4]);
        Assert.Equal(new(70, 10, 0), points[7]);
        Assert.Equal(new(0, 20, 0), points[8]);
        Assert.Equal(new(60, 100, 0), points[43]); // row 10 is not shifted
        Assert.Equal((70.0, 100.0), board.PointExtentMm);
    }

    [Fact]
    public void Symmetric_circle_grid_points_sit_on_a_square_lattice()
    {
        var points = new CalibrationBoard(BoardKind.SymmetricCircles, 7, 6, 15).ObjectPoints();

        Assert.Equal(42, points.Length);
        Assert.Equal(new(15, 0, 0), points[1]);
        Assert.Equal(new(0, 15, 0), points[7]);
        Assert.Equal(new(90, 75, 0), points[41]);
    }
}
