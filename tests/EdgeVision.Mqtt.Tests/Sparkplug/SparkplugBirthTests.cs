using EdgeVision.Inspection.Results;
using EdgeVision.Mqtt.Sparkplug;
using EdgeVision.Mqtt.Sparkplug.Protobuf;
using MQTTnet.Protocol;
using static EdgeVision.Mqtt.Tests.Sparkplug.SparkplugFixture;

namespace EdgeVision.Mqtt.Tests.Sparkplug;

/// <summary>Births, deaths and data decoded with the generated protobuf types and checked against the Sparkplug 3.0 rules.</summary>
public sealed class SparkplugBirthTests
{
    [Fact]
    public void The_will_is_an_NDEATH_holding_only_the_bdSeq_metric_without_seq_at_QoS_1_not_retained()
    {
        using var f = new SparkplugFixture();

        var will = f.Node.StartSession();

        Assert.Equal("spBv1.0/Line 4/NDEATH/station-1", will.Topic);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, will.QualityOfService);
        Assert.False(will.Retain);
        var payload = Decode(will);
        Assert.False(payload.HasSeq);
        var metric = Assert.Single(payload.Metrics);
        Assert.Equal("bdSeq", metric.Name);
        Assert.Equal((uint)DataType.Int64, metric.Datatype);
        Assert.Equal(Payload.Types.Metric.ValueOneofCase.LongValue, metric.ValueCase);
        Assert.Equal(0UL, metric.LongValue);
        Assert.Equal(SparkplugNodeState.Disconnected, f.Node.State);
    }

    [Fact]
    public void The_NBIRTH_has_seq_0_the_bdSeq_of_the_will_a_false_rebirth_metric_and_the_node_properties()
    {
        using var f = new SparkplugFixture();

        var (will, births) = f.Connect();

        Assert.Equal(3, births.Count);
        var nbirth = births[0];
        Assert.Equal("spBv1.0/Line 4/NBIRTH/station-1", nbirth.Topic);
        Assert.Equal(MqttQualityOfServiceLevel.AtMostOnce, nbirth.QualityOfService);
        Assert.False(nbirth.Retain);
        var payload = Decode(nbirth);
        Assert.True(payload.HasSeq);
        Assert.Equal(0UL, payload.Seq);
        Assert.Equal((ulong)f.Clock.GetUtcNow().ToUnixTimeMilliseconds(), payload.Timestamp);
        Assert.Equal(BdSeqOf(Decode(will)), BdSeqOf(payload));
        var rebirth = Metric(payload, "Node Control/Rebirth");
        Assert.Equal((uint)DataType.Boolean, rebirth.Datatype);
        Assert.Equal(Payload.Types.Metric.ValueOneofCase.BooleanValue, rebirth.ValueCase);
        Assert.False(rebirth.BooleanValue);
        Assert.Equal("1.2.3", Metric(payload, "Properties/Version").StringValue);
        Assert.Equal("station-1", Metric(payload, "Properties/Station").StringValue);
        Assert.All(payload.Metrics, m => Assert.True(m.HasName && m.HasAlias && m.HasTimestamp && m.HasDatatype, m.Name));
        Assert.Equal(SparkplugNodeState.Online, f.Node.State);
    }

    [Fact]
    public void Each_camera_is_born_as_a_device_with_every_metric_named_typed_and_aliased_uniquely_across_the_node()
    {
        using var f = new SparkplugFixture();

        var births = f.Connect().Births;

        Assert.Equal("spBv1.0/Line 4/DBIRTH/station-1/cam1", births[1].Topic);
        Assert.Equal("spBv1.0/Line 4/DBIRTH/station-1/cam2", births[2].Topic);
        var cam1 = Decode(births[1]);
        Assert.Equal(1UL, cam1.Seq);
        Assert.Equal(2UL, Decode(births[2]).Seq);
        Assert.All(births.Skip(1), b => Assert.Equal(MqttQualityOfServiceLevel.AtMostOnce, b.QualityOfService));
        Assert.Equal(
            ["Result/Verdict", "Result/Sequence", "Result/Reasons", "Result/Cycle Time", "Recipe/Name", "Recipe/Checksum",
             "Counters/Total", "Counters/Pass", "Counters/Fail", "Counters/Yield", "Measurements/width", "Measurements/holes"],
            cam1.Metrics.Select(m => m.Name));
        Assert.All(cam1.Metrics, m => Assert.True(m.HasAlias && m.HasTimestamp && m.HasDatatype, m.Name));
        Assert.Equal((uint)DataType.String, Metric(cam1, "Result/Verdict").Datatype);
        Assert.True(Metric(cam1, "Result/Verdict").IsNull); // no result yet: an explicit null, not a made-up value
        Assert.Equal("demo", Metric(cam1, "Recipe/Name").StringValue);
        Assert.Equal(0UL, Metric(cam1, "Counters/Pass").LongValue);
        Assert.Equal((uint)DataType.Int64, Metric(cam1, "Counters/Fail").Datatype);
        var width = Metric(cam1, "Measurements/width");
        Assert.Equal((uint)DataType.Double, width.Datatype);
        Assert.Equal(["engUnit"], width.Properties.Keys);
        Assert.Equal("mm", width.Properties.Values[0].StringValue);
        Assert.Equal((uint)DataType.String, width.Properties.Values[0].Type);
        Assert.Equal(width.Properties.Keys.Count, width.Properties.Values.Count);
        var aliases = births.SelectMany(b => Decode(b).Metrics.Select(m => m.Alias)).ToList();
        Assert.Equal(aliases.Count, aliases.Distinct().Count());
    }

    [Fact]
    public void A_result_becomes_DDATA_by_alias_only_timestamped_with_the_result_and_carrying_its_values()
    {
        using var f = new SparkplugFixture();
        var births = f.Connect().Births;
        var alias = Decode(births[1]).Metrics.ToDictionary(m => m.Alias, m => m.Name);

        var outcome = f.Node.OnResult(Result("cam1", 7, Verdict.Fail, width: 12.1));

        var message = Assert.Single(outcome.Messages);
        Assert.Equal("spBv1.0/Line 4/DDATA/station-1/cam1", message.Topic);
        Assert.Equal(MqttQualityOfServiceLevel.AtMostOnce, message.QualityOfService);
        Assert.False(message.Retain);
        var data = Decode(message);
        Assert.Equal(3UL, data.Seq);
        Assert.All(data.Metrics, m => Assert.False(m.HasName, "DDATA names a metric"));
        Assert.All(data.Metrics, m => Assert.Equal(1_700_000_000_017UL, m.Timestamp));
        var byName = data.Metrics.ToDictionary(m => alias[m.Alias]);
        Assert.Equal("fail", byName["Result/Verdict"].StringValue);
        Assert.Equal(7UL, byName["Result/Sequence"].LongValue);
        Assert.Equal("WIDTH_LOW", byName["Result/Reasons"].StringValue);
        Assert.Equal(8.75, byName["Result/Cycle Time"].DoubleValue);
        Assert.Equal(1UL, byName["Counters/Total"].LongValue);
        Assert.Equal(1UL, byName["Counters/Fail"].LongValue);
        Assert.False(byName.ContainsKey("Counters/Pass")); // unchanged values are not resent
        Assert.Equal(0.0, byName["Counters/Yield"].DoubleValue);
        Assert.Equal(12.1, byName["Measurements/width"].DoubleValue);
        Assert.Equal(4.0, byName["Measurements/holes"].DoubleValue);
        Assert.False(byName.ContainsKey("Recipe/Name"));
    }

    [Fact]
    public void A_rebirth_carries_the_counters_and_last_values_taken_while_the_node_was_offline()
    {
        using var f = new SparkplugFixture();
        f.Connect();
        f.Node.OnResult(Result("cam1", 1));
        f.Node.OnDisconnected();

        var whileOffline = f.Node.OnResult(Result("cam1", 2, Verdict.Fail, width: 11.0));
        var births = f.Connect().Births;

        Assert.Empty(whileOffline.Messages);
        Assert.Equal(1, f.Node.ResultsNotPublished);
        var cam1 = Decode(births[1]);
        Assert.Equal(1UL, Metric(cam1, "Counters/Pass").LongValue);
        Assert.Equal(1UL, Metric(cam1, "Counters/Fail").LongValue);
        Assert.Equal(50.0, Metric(cam1, "Counters/Yield").DoubleValue);
        Assert.Equal("fail", Metric(cam1, "Result/Verdict").StringValue);
        Assert.Equal(11.0, Metric(cam1, "Measurements/width").DoubleValue);
        Assert.Equal(1_700_000_000_012UL, Metric(cam1, "Measurements/width").Timestamp);
    }

    [Fact]
    public void Measurements_not_declared_at_birth_and_results_of_unknown_cameras_are_left_out_and_counted()
    {
        using var f = new SparkplugFixture();
        f.Connect();
        var extra = Result("cam1", 1) with { Measurements = [new MeasurementResult("angle", 3, "deg", 0, 1, 1, true)] };

        var known = f.Node.OnResult(extra);
        var unknown = f.Node.OnResult(Result("cam1", 2) with { Camera = "cam9" });

        Assert.Single(known.Messages);
        Assert.Empty(unknown.Messages);
        Assert.Equal(3, f.Node.MeasurementsNotDeclared);
        Assert.Equal(1, f.Node.ResultsNotPublished);
        Assert.Contains(f.Log, l => l.Contains("'angle'", StringComparison.Ordinal));
        Assert.Contains(f.Log, l => l.Contains("'cam9'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_historical_result_is_flagged_historical_and_leaves_the_counters_alone()
    {
        using var f = new SparkplugFixture();
        var births = f.Connect().Births;
        var alias = Decode(births[1]).Metrics.ToDictionary(m => m.Alias, m => m.Name);

        var data = Decode(Assert.Single(f.Node.OnResult(Result("cam1", 3), historical: true).Messages));
        var live = Decode(Assert.Single(f.Node.OnResult(Result("cam1", 4)).Messages));

        Assert.All(data.Metrics, m => Assert.True(m.IsHistorical));
        Assert.DoesNotContain(data.Metrics, m => alias[m.Alias].StartsWith("Counters/", StringComparison.Ordinal));
        Assert.Equal(1UL, live.Metrics.Single(m => alias[m.Alias] == "Counters/Total").LongValue);
        Assert.All(live.Metrics, m => Assert.False(m.IsHistorical));
    }

    [Fact]
    public void Resetting_the_counters_publishes_the_changed_counters_and_a_null_yield()
    {
        using var f = new SparkplugFixture();
        var births = f.Connect().Births;
        var alias = Decode(births[1]).Metrics.ToDictionary(m => m.Alias, m => m.Name);
        f.Node.OnResult(Result("cam1", 1));
        f.Node.OnResult(Result("cam1", 2, Verdict.Fail));

        var reset = Decode(Assert.Single(f.Node.SetCounters("cam1", 0, 0).Messages));
        var unknown = f.Node.SetCounters("nope", 0, 0);

        var byName = reset.Metrics.ToDictionary(m => alias[m.Alias]);
        Assert.Equal(0UL, byName["Counters/Total"].LongValue);
        Assert.Equal(0UL, byName["Counters/Pass"].LongValue);
        Assert.Equal(0UL, byName["Counters/Fail"].LongValue);
        Assert.True(byName["Counters/Yield"].IsNull);
        Assert.Equal(5UL, reset.Seq);
        Assert.Contains("'nope'", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_a_camera_publishes_its_DDEATH_and_adding_a_measurement_publishes_a_new_birth()
    {
        using var f = new SparkplugFixture();
        f.Connect();

        var removed = f.Node.SetCameras([Cam1]);
        var added = f.Node.SetCameras([Cam1 with { Measurements = [.. Cam1.Measurements, new("angle", "deg")] }]);
        var recipe = f.Node.SetCameras([Cam1 with { Recipe = "demo-v2", RecipeChecksum = "sha256:cc", Measurements = [.. Cam1.Measurements, new("angle", "deg")] }]);

        var death = Assert.Single(removed.Messages);
        Assert.Equal("spBv1.0/Line 4/DDEATH/station-1/cam2", death.Topic);
        Assert.Equal(3UL, Decode(death).Seq);
        Assert.True(Decode(death).HasTimestamp);
        Assert.Equal(["spBv1.0/Line 4/NBIRTH/station-1", "spBv1.0/Line 4/DBIRTH/station-1/cam1"], added.Messages.Select(m => m.Topic));
        Assert.Equal(0UL, Decode(added.Messages[0]).Seq);
        Assert.Contains(Decode(added.Messages[1]).Metrics, m => m.Name == "Measurements/angle");
        var recipeData = Decode(Assert.Single(recipe.Messages));
        Assert.Equal(["demo-v2", "sha256:cc"], recipeData.Metrics.Select(m => m.StringValue));
        Assert.Equal(2UL, recipeData.Seq);
    }

    [Fact]
    public void Camera_names_Sparkplug_reserves_are_refused_with_the_reason()
    {
        using var f = new SparkplugFixture();

        var e = Assert.Throws<ArgumentException>(() => f.Node.SetCameras([Cam1 with { Name = "cam/1" }]));

        Assert.Contains("'cam/1' contains '/'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_with_reserved_characters_are_refused_naming_the_setting()
    {
        var settings = new SparkplugSettings { GroupId = "line+4", EdgeNodeId = "a#b", PrimaryHostId = "" };

        var problems = settings.Validate("station-1");

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Sparkplug GroupId 'line+4' contains '+'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Sparkplug EdgeNodeId 'a#b' contains '#'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Sparkplug PrimaryHostId is empty", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new SparkplugNode(settings, "station-1", "1", new FileBdSeqStore("x")));
        Assert.Empty(new SparkplugSettings().Validate("station-1"));
        Assert.Equal("station-1", new SparkplugSettings().EdgeNodeIdFor("station-1"));
        Assert.False(new SparkplugSettings().Enabled);
    }
}
