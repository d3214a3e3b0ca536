using OpenCvSharp;

namespace EdgeVision.Vision.Calibration;

/// <summary>
/// Where a board lies in front of a camera, as OpenCV gives it: <see cref="Rotation"/> is a Rodrigues vector
/// (axis × angle in radians) and <see cref="Translation"/> is in millimetres; a board point P maps to the camera
/// point R·P + t (x right, y down, z forward).
/// </summary>
public readonly record struct BoardPose(Vec3d Rotation, Vec3d Translation)
{
    /// <summary>
    /// A pose that puts the centre of the board's points at (<paramref name="shiftXMm"/>, <paramref name="shiftYMm"/>,
    /// <paramref name="distanceMm"/>) in camera coordinates, turned by <paramref name="rollDeg"/> about the optical
    /// axis, then tilted by <paramref name="tiltYDeg"/> about the camera's y axis and <paramref name="tiltXDeg"/> about
    /// its x axis (R = Rx·Ry·Rz). All angles zero give a fronto-parallel board with its x axis along the image x axis.
    /// </summary>
    public static BoardPose FromAngles(CalibrationBoard board, double tiltXDeg, double tiltYDeg, double rollDeg, double distanceMm,
        double shiftXMm = 0, double shiftYMm = 0)
    {
        ArgumentNullException.ThrowIfNull(board);
        var r = Multiply(Multiply(AxisRotation(0, tiltXDeg), AxisRotation(1, tiltYDeg)), AxisRotation(2, rollDeg));
        var (w, h) = board.PointExtentMm;
        double cx = w / 2, cy = h / 2;
        var t = new Vec3d(
            shiftXMm - ((r[0] * cx) + (r[1] * cy)),
            shiftYMm - ((r[3] * cx) + (r[4] * cy)),
            distanceMm - ((r[6] * cx) + (r[7] * cy)));
        return new BoardPose(ToRodrigues(r), t);
    }

    /// <summary>The rotation matrix, row-major (9 values).</summary>
    public double[] RotationMatrix()
    {
        var (x, y, z) = (Rotation.Item0, Rotation.Item1, Rotation.Item2);
        var angle = Math.Sqrt((x * x) + (y * y) + (z * z));
        if (angle < 1e-15)
        {
            return [1, 0, 0, 0, 1, 0, 0, 0, 1];
        }

        double kx = x / angle, ky = y / angle, kz = z / angle, c = Math.Cos(angle), s = Math.Sin(angle), v = 1 - c;
        return
        [
            c + (kx * kx * v), (kx * ky * v) - (kz * s), (kx * kz * v) + (ky * s),
            (ky * kx * v) + (kz * s), c + (ky * ky * v), (ky * kz * v) - (kx * s),
            (kz * kx * v) - (ky * s), (kz * ky * v) + (kx * s), c + (kz * kz * v),
        ];
    }

    /// <summary>Maps a board point (millimetres, z = 0) to camera coordinates.</summary>
    public (double X, double Y, double Z) ToCamera(double x, double y)
    {
        var r = RotationMatrix();
        return ((r[0] * x) + (r[1] * y) + Translation.Item0, (r[3] * x) + (r[4] * y) + Translation.Item1, (r[6] * x) + (r[7] * y) + Translation.Item2);
    }

    private static double[] AxisRotation(int axis, double degrees)
    {
        var a = degrees * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a);
        return axis switch
        {
            0 => [1, 0, 0, 0, c, -s, 0, s, c],
            1 => [c, 0, s, 0, 1, 0, -s, 0, c],
            _ => [c, -s, 0, s, c, 0, 0, 0, 1],
        };
    }

    private static double[] Multiply(double[] a, double[] b)
    {
        var m = new double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                m[(i * 3) + j] = (a[i * 3] * b[j]) + (a[(i * 3) + 1] * b[3 + j]) + (a[(i * 3) + 2] * b[6 + j]);
            }
        }

        return m;
    }

    /// <summary>The Rodrigues vector of a rotation matrix (angles below 180°, which is all a pose needs).</summary>
    private static Vec3d ToRodrigues(double[] r)
    {
        var cos = Math.Clamp((r[0] + r[4] + r[8] - 1) / 2, -1, 1);
        var angle = Math.Acos(cos);
        if (angle < 1e-12)
        {
            return new Vec3d(0, 0, 0);
        }

        var f = angle / (2 * Math.Sin(angle));
        return new Vec3d(f * (r[7] - r[5]), f * (r[2] - r[6]), f * (r[3] - r[1]));
    }
}
