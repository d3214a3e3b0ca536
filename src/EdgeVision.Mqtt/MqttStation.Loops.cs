using EdgeVision.Mqtt.Commands;
using EdgeVision.Mqtt.Connection;
using EdgeVision.Mqtt.HomeAssistant;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt;

/// <content>Birth on connect, periodic stats and status, commands, Home Assistant's restart.</content>
public sealed partial class MqttStation
{
    private async Task OnConnectedAsync(MqttConnectedContext context, CancellationToken cancellationToken)
    {
        await context.PublishAsync(StatusMessage(StatusPayload()), cancellationToken).ConfigureAwait(false);
        await ReconcileDiscoveryAsync(context.PublishAsync, cancellationToken).ConfigureAwait(false);

        await PublishStatsAsync(context.PublishAsync, cancellationToken).ConfigureAwait(false);
    }

    // Which configurations are out there (retained at the broker) is remembered in the data directory, so that a camera
    // removed from the configuration, or discovery switched off, takes its entities out of Home Assistant too.
    private string DiscoveryRecord => InData("homeassistant-discovery.txt");

    private async Task ReconcileDiscoveryAsync(Func<MqttApplicationMessage, CancellationToken, Task<bool>> publish, CancellationToken cancellationToken)
    {
        var record = ReadDiscoveryRecord();
        IReadOnlyList<DiscoveryMessage> messages;
        if (_discovery is not null)
        {
            var now = CameraNames();
            messages = record is { } before && before.Prefix == _settings.HomeAssistant.DiscoveryPrefix
                ? _discovery.Changes(before.Cameras, now)
                : _discovery.Configurations(now);
            if (record is { } other && other.Prefix != _settings.HomeAssistant.DiscoveryPrefix)
            {
                messages = [.. Removed(other), .. messages];
            }

            await PublishAllAsync(messages, publish, cancellationToken).ConfigureAwait(false);
            File.WriteAllLines(DiscoveryRecord, [_settings.HomeAssistant.DiscoveryPrefix, .. now]);
        }
        else if (record is { } before)
        {
            await PublishAllAsync(Removed(before), publish, cancellationToken).ConfigureAwait(false);
            File.Delete(DiscoveryRecord);
            _context.Log("MQTT: Home Assistant discovery is off; its entities were removed");
        }
    }

    private IReadOnlyList<DiscoveryMessage> Removed((string Prefix, string[] Cameras) record)
    {
        var options = _settings.HomeAssistant with { Enabled = true, DiscoveryPrefix = record.Prefix };
        return new HomeAssistantDiscovery(options, _topics, _settings.Device, _context.Version).Removals(record.Cameras);
    }

    private (string Prefix, string[] Cameras)? ReadDiscoveryRecord()
    {
        try
        {
            var lines = File.ReadAllLines(DiscoveryRecord);
            return lines.Length == 0 ? null : (lines[0], lines[1..]);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private string[] CameraNames()
    {
        var cameras = _context.Cameras();
        var names = new string[cameras.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = cameras[i].Camera;
        }

        return names;
    }

    private static async Task PublishAllAsync(IReadOnlyList<DiscoveryMessage> messages, Func<MqttApplicationMessage, CancellationToken, Task<bool>> publish, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await publish(ToMessage(message), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task PublishDiscoveryAsync(Func<MqttApplicationMessage, CancellationToken, Task<bool>> publish, CancellationToken cancellationToken) =>
        PublishAllAsync(_discovery!.Configurations(CameraNames()), publish, cancellationToken);

    private static MqttApplicationMessage ToMessage(DiscoveryMessage message) => new MqttApplicationMessageBuilder()
        .WithTopic(message.Topic)
        .WithPayload(message.Payload)
        .WithRetainFlag(message.Retain)
        .WithQualityOfServiceLevel(message.QualityOfService)
        .Build();

    private async Task PublishStatsAsync(Func<MqttApplicationMessage, CancellationToken, Task<bool>> publish, CancellationToken cancellationToken)
    {
        var now = _context.Time.GetUtcNow();
        foreach (var camera in _context.Cameras())
        {
            var snapshot = Counters(camera.Camera).Snapshot();
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(_topics.Stats(camera.Camera))
                .WithPayload(MqttPayloads.Stats(snapshot, now))
                .WithRetainFlag(true)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await publish(message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StatsLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_settings.StatsInterval, _context.Time);
        var lastTrim = _context.Time.GetTimestamp();
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
        {
            if (_context.Time.GetElapsedTime(lastTrim) >= TimeSpan.FromMinutes(1))
            {
                lastTrim = _context.Time.GetTimestamp();
                var evicted = _outbox.Trim();
                if (evicted > 0)
                {
                    _context.Log($"MQTT: {evicted} result(s) older than {_settings.Outbox.MaxAge} dropped from the outbox");
                }
            }

            if (_sparkplug is not null && RecipesChanged())
            {
                _sparkplug.CamerasChanged();
            }

            if (!_connection.IsConnected)
            {
                continue;
            }

            // The birth payload is refreshed too: it carries uptime, recipes and the outbox's backlog and drop counts.
            await _connection.PublishAsync(StatusMessage(StatusPayload()), stop).ConfigureAwait(false);
            await PublishStatsAsync(_connection.PublishAsync, stop).ConfigureAwait(false);
        }
    }

    // The cameras' recipe checksums as last seen by the stats loop, to tell Sparkplug when a recipe was switched.
    private string _recipes = string.Empty;

    private string RecipeKey() => string.Join('\n', _context.Cameras().Select(c => c.Camera + "=" + c.RecipeChecksum));

    private bool RecipesChanged()
    {
        var now = RecipeKey();
        var changed = now != _recipes;
        _recipes = now;
        return changed;
    }

    private async Task OnCommandAsync(MqttInboundMessage message, CancellationToken cancellationToken)
    {
        var request = new CommandRequest(message.Topic, message.Payload.ToArray(), message.ResponseTopic, message.CorrelationData?.ToArray());
        var reply = await _commands!.ProcessAsync(request, cancellationToken).ConfigureAwait(false);
        if (reply is not null)
        {
            var mqtt5 = _connection.Settings.ProtocolVersion == MqttProtocol.V5;
            await _connection.PublishAsync(reply.ToMqttMessage(mqtt5), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task OnHomeAssistantStatusAsync(MqttInboundMessage message, CancellationToken cancellationToken)
    {
        // Home Assistant forgets non-retained state when it restarts; it announces itself online, and gets the configs again.
        if (_discovery!.IsHomeAssistantOnline(message.Topic, message.Payload.Span))
        {
            await PublishDiscoveryAsync(_connection.PublishAsync, cancellationToken).ConfigureAwait(false);
        }
    }
}
