using EdgeVision.Inspection.Recipes;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tools.Locate;

/// <summary>
/// The trained image of a locate fixture as the recipe names it: the template file, an optional mask file and the
/// reference point within the template (its centre by default).
/// </summary>
/// <param name="TemplatePath">Full path of the 8-bit template image.</param>
/// <param name="MaskPath">Full path of the mask image (non-zero where the template counts), or null.</param>
/// <param name="OriginX">Reference point's column in template pixels.</param>
/// <param name="OriginY">Reference point's row in template pixels.</param>
/// <param name="Cols">Template width in pixels.</param>
/// <param name="Rows">Template height in pixels.</param>
public sealed record TemplateImage(string TemplatePath, string? MaskPath, double OriginX, double OriginY, int Cols, int Rows)
{
    /// <summary>Stands in for a template the recipe got wrong (the recipe then fails to load with the error).</summary>
    public static TemplateImage Missing { get; } = new(string.Empty, null, 0, 0, 0, 0);

    /// <summary>
    /// Reads <c>template</c> (required file), <c>mask</c> (optional file of the template's size) and <c>origin</c>
    /// {x, y} (within the template), decoding both images to check them; null when any of them is wrong.
    /// </summary>
    public static TemplateImage? Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var templatePath = r.File("template", required: true);
        var maskPath = r.File("mask", required: false);
        var origin = r.Section.Section("origin");
        var ox = origin?.Number("x", double.NaN) ?? double.NaN;
        var oy = origin?.Number("y", double.NaN) ?? double.NaN;
        if (origin is not null && (!origin.Has("x") || !origin.Has("y")))
        {
            r.Error("origin", "needs both x and y (template pixels)");
        }

        if (templatePath is null || !File.Exists(templatePath))
        {
            return null;
        }

        int cols, rows;
        using (var template = Cv2.ImRead(templatePath, ImreadModes.Grayscale))
        {
            if (template.Empty())
            {
                r.Error("template", $"'{templatePath}' is not an image that can be decoded");
                return null;
            }

            (cols, rows) = (template.Cols, template.Rows);
        }

        if (maskPath is not null && File.Exists(maskPath))
        {
            using var mask = Cv2.ImRead(maskPath, ImreadModes.Grayscale);
            if (mask.Empty() || mask.Cols != cols || mask.Rows != rows)
            {
                r.Error("mask", mask.Empty() ? $"'{maskPath}' is not an image that can be decoded" : $"is {mask.Cols}×{mask.Rows} px but the template is {cols}×{rows} px");
                return null;
            }

            if (Cv2.CountNonZero(mask) == 0)
            {
                r.Error("mask", "leaves nothing of the template (it is all zero)");
                return null;
            }
        }

        ox = double.IsNaN(ox) ? (cols - 1) / 2.0 : ox;
        oy = double.IsNaN(oy) ? (rows - 1) / 2.0 : oy;
        if (ox < 0 || ox > cols - 1 || oy < 0 || oy > rows - 1)
        {
            r.Error("origin", $"({ox}, {oy}) lies outside the {cols}×{rows} px template");
            return null;
        }

        return new TemplateImage(templatePath, maskPath, ox, oy, cols, rows);
    }

    /// <summary>Loads the template (8-bit gray) and the mask (null when none); the caller disposes both.</summary>
    public (Mat Template, Mat? Mask) Load()
    {
        var template = Cv2.ImRead(TemplatePath, ImreadModes.Grayscale);
        if (template.Empty())
        {
            template.Dispose();
            throw new InvalidDataException($"The template '{TemplatePath}' can no longer be decoded.");
        }

        return (template, MaskPath is null ? null : Cv2.ImRead(MaskPath, ImreadModes.Grayscale));
    }
}
