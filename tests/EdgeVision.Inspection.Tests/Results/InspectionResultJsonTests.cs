using System.Text.Json;
using EdgeVision.Inspection.Results;

namespace EdgeVision.Inspection.Tests.Results;

public class InspectionResultJsonTests
{
    private static readonly InspectionResult Failed = new()
    {
        Device = "station-1",
        Camera = "top",
        Sequence = 42,
        FrameSequence = 45,
        CaptureTime = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(2)),
        CompletedTime = new DateTimeOffset(2025, 3, 4, 3, 6, 7, 912, TimeSpan.Zero),
        Recipe = "demo-plate",
        RecipeChecksum = "sha256:00ff",
        Verdict = Verdict.Fail,
        Reasons = ["HOLE_MISSING", "SURFACE_DEFECT"],
        Pose = new PoseResult(true, 640.123456, 480.98765, -12.3456789),
        Measurements =
        [
            new MeasurementResult("part.length", 439.87654321, "px", 440, 4, 4, true),
            new MeasurementResult("hole_left.diameter", 0, "px", 64, 1.5, 2, false),
        ],
        Defects = [new DefectResult("scratch", 10, 20, 30, 40, 123), new DefectResult("hole-missing", 500, 400, 65, 65, 0)],
        Timings = [new StageTiming("debayer", 1.23449), new StageTiming("locate", 2.5), new StageTiming("judge", 0.0004)],
    };

    [Fact]
    public void The_header_fields_carry_the_result_values()
    {
        using var json = JsonDocument.Parse(InspectionResultJson.ToUtf8(Failed));
        var root = json.RootElement;

        Assert.Equal(InspectionResult.SchemaVersion, root.GetProperty("schema").GetInt32());
        Assert.Equal("station-1", root.GetProperty("device").GetString());
        Assert.Equal("top", root.GetProperty("camera").GetString());
        Assert.Equal(42, root.GetProperty("seq").GetInt64());
        Assert.Equal(45, root.GetProperty("frame").GetInt64());
        Assert.Equal("demo-plate", root.GetProperty("recipe").GetProperty("name").GetString());
        Assert.Equal("sha256:00ff", root.GetProperty("recipe").GetProperty("checksum").GetString());
        Assert.Equal("fail", root.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Times_are_written_in_UTC()
    {
        using var json = JsonDocument.Parse(InspectionResultJson.ToUtf8(Failed));
        var root = json.RootElement;

        Assert.Equal("2025-03-04T03:06:07.89Z", root.GetProperty("captured").GetString());
        Assert.Equal(new DateTime(2025, 3, 4, 3, 6, 7, 912, DateTimeKind.Utc), root.GetProperty("completed").GetDateTime());
    }

    [Fact]
    public void Reasons_are_upper_snake_names_in_table_order()
    {
        using var json = JsonDocument.Parse(InspectionResultJson.ToUtf8(Failed));

        var reasons = json.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();

        Assert.Equal(["HOLE_MISSING", "SURFACE_DEFECT"], reasons);
    }

    [Fact]
    public void A_passed_part_has_an_empty_reason_list()
    {
        var passed = Failed with { Verdict = Verdict.Pass, Reasons = [] };

        using var json = JsonDocument.Parse(InspectionResultJson.ToUtf8(passed));

        Assert.Equal("pass", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("reasons").GetArrayLength());
    }

    [Fact]
    public void The_pose_is_rounded_to_three_decimals()
    {
        using var json = JsonDocument.Parse(InspectionResultJson.ToUtf8(Failed));
        var pose = json.RootElement.GetProperty("pose");

        Assert.True(pose.GetProperty("found").GetBoolean());
        Assert.Equal(640.123, pose.GetProperty("x").GetDouble());
        Assert.Equal(480.988, pose.GetProperty("y").GetDouble());
        Assert.Equal(-12.346, pose.GetProperty("angle").GetDouble());
    }

    [Fact]
    public void Measurements_carry_name_value_unit_tolerance_and_pass()
    {
        using var json = JsonDocument.Parse(InspectionResultJson.ToUtf8(Failed));
        var measurements = json.RootElement.GetProperty("measurements");

        Assert.Equal(2, measurements.GetArrayLength());
        var length = measurements[0];
        Assert.Equal("part.length", length.GetProperty("name").GetString());
        Assert.Equal(439.8765, length.GetProperty("value").GetDouble());
        Assert.Equal("px", length.GetProperty("unit").GetString());
        Assert.Equal(440, length.GetProperty("nominal").GetDouble());
        Assert.Equal(4, length.GetProperty("tolMinus").GetDouble());
        Assert.Equal(4, length.GetProperty("tolPlus").GetDouble());
        Assert.True(length.GetProperty("pass").GetBoolean());
        var hole = measurements[1];
        Assert.Equal("hole_left.diameter", hole.GetProperty("name").GetString());
        Assert.Equal(2, hole.GetProperty("tolPlus").GetDouble());
        Assert.False(hole.GetProperty("pass").GetBoolean());
    }

    [Fact]
    public void Defects_carry_kind_and_box()
    {
        using var json = JsonDocument.Parse(InspectionResultJson.ToUtf8(Failed));
        var defects = json.RootElement.GetProperty("defects");

        Assert.Equal(2, defects.GetArrayLength());
        var scratch = defects[0];
        Assert.Equal("scratch", scratch.GetProperty("kind").GetString());
        Assert.Equal(
            (10, 20, 30, 40, 123),
            (scratch.GetProperty("x").GetInt32(), scratch.GetProperty("y").GetInt32(), scratch.GetProperty("w").GetInt32(), scratch.GetProperty("h").GetInt32(), scratch.GetProperty("area").GetInt32()));
        Assert.Equal("hole-missing", defects[1].GetProperty("kind").GetString());
    }

    [Fact]
    public void Timings_list_every_stage_and_their_total()
    {
        using var json = JsonDocument.Parse(InspectionResultJson.ToUtf8(Failed));
        var timings = json.RootElement.GetProperty("timings");

        Assert.Equal(["debayer", "locate", "judge", "total"], timings.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.234, timings.GetProperty("debayer").GetDouble());
        Assert.Equal(2.5, timings.GetProperty("locate").GetDouble());
        Assert.Equal(0, timings.GetProperty("judge").GetDouble());
        Assert.Equal(3.735, timings.GetProperty("total").GetDouble()); // 1.23449 + 2.5 + 0.0004 = 3.73489
    }

    [Fact]
    public void The_fields_come_in_the_documented_order()
    {
        using var json = JsonDocument.Parse(InspectionResultJson.ToUtf8(Failed));

        var names = json.RootElement.EnumerateObject().Select(p => p.Name);

        Assert.Equal(["schema", "device", "camera", "seq", "frame", "trigger", "captured", "completed", "recipe", "verdict", "reasons", "pose", "measurements", "defects", "tools", "timings"], names);
    }

    [Fact]
    public void A_value_that_was_not_measured_and_an_open_tolerance_side_are_null()
    {
        var result = Failed with { Measurements = [new MeasurementResult("hole_left.diameter", double.NaN, "px", 64, double.PositiveInfinity, 2, false)] };

        using var json = JsonDocument.Parse(InspectionResultJson.ToUtf8(result));
        var m = json.RootElement.GetProperty("measurements")[0];

        Assert.Equal(JsonValueKind.Null, m.GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("tolMinus").ValueKind);
        Assert.Equal(2, m.GetProperty("tolPlus").GetDouble());
        Assert.False(m.TryGetProperty("px", out _));
    }

    [Fact]
    public void A_calibrated_length_carries_its_pixel_value_and_tools_carry_status_and_text()
    {
        var result = Failed with
        {
            Measurements = [new MeasurementResult("gap.width", 12.34567, "mm", 12.3, 0.05, 0.05, true) { Pixels = 246.9 }],
            Tools = [new ToolResult("serial", "ocr", ToolStatus.Fail, 1.5) { Text = "AB12" }, new ToolResult("gap", "caliper", ToolStatus.Pass, 0.25)],
        };

        using var json = JsonDocument.Parse(InspectionResultJson.ToUtf8(result));
        var m = json.RootElement.GetProperty("measurements")[0];
        var tools = json.RootElement.GetProperty("tools");

        Assert.Equal(("mm", 12.3457, 246.9), (m.GetProperty("unit").GetString(), m.GetProperty("value").GetDouble(), m.GetProperty("px").GetDouble()));
        Assert.Equal(("serial", "ocr", "fail", "AB12", 1.5), (tools[0].GetProperty("name").GetString(), tools[0].GetProperty("type").GetString(), tools[0].GetProperty("status").GetString(), tools[0].GetProperty("text").GetString(), tools[0].GetProperty("ms").GetDouble()));
        Assert.False(tools[1].TryGetProperty("text", out _));
    }
}
