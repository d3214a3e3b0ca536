using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace EdgeVision.Mqtt.Connection;

/// <content>One session on the wire: its MQTTnet client, publishing, subscribing and the inbound dispatcher.</content>
public sealed partial class MqttConnection
{
    private MqttClientOptions BuildOptions(Session session, MqttWill? will)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.Port)
            .WithClientId(_settings.ClientId)
            .WithProtocolVersion(_settings.ProtocolVersion == MqttProtocol.V5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311)
            .WithKeepAlivePeriod(_settings.KeepAlive)
            .WithCleanSession(_settings.CleanSession)
            .WithTimeout(_settings.ConnectTimeout);
        if (!_settings.CleanSession && _settings.ProtocolVersion == MqttProtocol.V5)
        {
            builder.WithSessionExpiryInterval((uint)_settings.SessionExpiry.TotalSeconds);
        }

        if (!string.IsNullOrEmpty(_settings.Username))
        {
            builder.WithCredentials(_settings.Username, _settings.Password is null ? null : System.Text.Encoding.UTF8.GetBytes(_settings.Password));
        }

        if (will is not null)
        {
            builder.WithWillTopic(will.Topic)
                .WithWillPayload(will.Payload.ToArray())
                .WithWillRetain(will.Retain)
                .WithWillQualityOfServiceLevel(will.QualityOfService);
        }

        var tls = _settings.Tls;
        if (tls.Enabled)
        {
            // Files are read at every connect, so certificates renewed on disk are used from the next reconnect on.
            session.CaCertificates = tls.LoadCaCertificates();
            session.ClientCertificate = tls.LoadClientCertificate();
            builder.WithTlsOptions(o =>
            {
                o.UseTls()
                    .WithTargetHost(tls.ServerName ?? _settings.Host)
                    .WithRevocationMode(X509RevocationMode.NoCheck) // private broker CAs rarely publish revocation lists, and a station may be offline
                    .WithCertificateValidationHandler(e => CheckServerCertificate(session, e));
                if (session.CaCertificates.Count > 0)
                {
                    o.WithTrustChain(session.CaCertificates);
                }

                if (session.ClientCertificate is not null)
                {
                    o.WithClientCertificates([session.ClientCertificate]);
                }
            });
        }

        return builder.Build();
    }

    private async Task<MqttPublishOutcome> PublishOnAsync(Session session, MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var result = await session.Client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            if (result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
            {
                return MqttPublishOutcome.Acknowledged;
            }

            _log($"MQTT: the broker refused a message on '{message.Topic}': {result.ReasonCode}{(string.IsNullOrEmpty(result.ReasonString) ? "" : $" ({result.ReasonString})")}");
            return MqttPublishOutcome.Refused;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (IsLinkFailure(e))
        {
            session.MarkLost($"publishing on '{message.Topic}' failed: {e.Message}");
            return MqttPublishOutcome.Failed;
        }
    }

    /// <summary>Subscribes <paramref name="subscriptions"/>; true when the broker granted all. A refusal is logged; a dead link marks the session lost.</summary>
    private async Task<bool> SubscribeOnAsync(Session session, IReadOnlyList<Subscription> subscriptions, CancellationToken cancellationToken)
    {
        if (subscriptions.Count == 0)
        {
            return true;
        }

        var options = new MqttClientSubscribeOptionsBuilder();
        foreach (var s in subscriptions)
        {
            options.WithTopicFilter(s.TopicFilter, s.QualityOfService);
        }

        try
        {
            var result = await session.Client.SubscribeAsync(options.Build(), cancellationToken).ConfigureAwait(false);
            var refused = result.Items.Where(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2).ToList();
            foreach (var item in refused)
            {
                Fail($"the broker {_settings.Endpoint} refused the subscription to '{item.TopicFilter.Topic}': {item.ResultCode}");
            }

            return refused.Count == 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (IsLinkFailure(e))
        {
            session.MarkLost($"subscribing failed: {e.Message}");
            return false;
        }
    }

    private static bool IsLinkFailure(Exception e)
        => e is MqttCommunicationException or InvalidOperationException or ObjectDisposedException or OperationCanceledException or IOException or SocketException;

    private void Receive(MqttApplicationMessage m)
    {
        var properties = m.UserProperties is { Count: > 0 } list
            ? list.Select(p => KeyValuePair.Create(p.Name, p.ReadValueAsString())).ToArray()
            : [];
        var message = new MqttInboundMessage(
            m.Topic,
            System.Buffers.BuffersExtensions.ToArray(m.Payload), // MQTTnet may reuse its buffers after this handler returns
            m.ResponseTopic,
            m.CorrelationData is { } correlation ? correlation.ToArray() : null,
            properties,
            m.ContentType,
            m.Retain,
            m.QualityOfServiceLevel);
        _inbound.Writer.TryWrite(message);
    }

    private void OnInboundDropped(MqttInboundMessage dropped)
    {
        Interlocked.Increment(ref _inboundDropped);
        _log($"MQTT: handlers are more than {_settings.InboundCapacity} messages behind; dropped the oldest, on '{dropped.Topic}' ({InboundDropped} dropped so far)");
    }

    private async Task DispatchAsync(CancellationToken stop)
    {
        await foreach (var message in _inbound.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            Subscription[] subscriptions;
            lock (_gate)
            {
                subscriptions = [.. _subscriptions];
            }

            foreach (var s in subscriptions.Where(s => TopicMatches(message.Topic, s.TopicFilter)))
            {
                try
                {
                    await s.Handler(message, stop).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // a handler's bug must not stop the delivery of later messages
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _log($"MQTT: the handler of '{s.TopicFilter}' failed on a message on '{message.Topic}': {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    /// <summary>Whether <paramref name="topic"/> matches <paramref name="filter"/> (a shared subscription <c>$share/group/filter</c> matches like its filter).</summary>
    public static bool TopicMatches(string topic, string filter)
    {
        if (filter.StartsWith("$share/", StringComparison.Ordinal))
        {
            var slash = filter.IndexOf('/', "$share/".Length);
            filter = slash < 0 ? filter : filter[(slash + 1)..];
        }

        return MqttTopicFilterComparer.Compare(topic, filter) == MqttTopicFilterCompareResult.IsMatch;
    }

    /// <summary>One MQTTnet client and what belongs to its session.</summary>
    private sealed class Session(IMqttClient client, DateTimeOffset since) : IDisposable
    {
        public IMqttClient Client { get; } = client;

        /// <summary>When the connect attempt began.</summary>
        public DateTimeOffset Since { get; } = since;

        /// <summary>Completes with the reason once the link is known to be dead.</summary>
        public TaskCompletionSource<string> Lost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Why the broker's certificate was refused during the handshake, if it was.</summary>
        public string? TlsFailure { get; set; }

        /// <summary>Set when the certificate check was skipped (AllowInsecure): empty, or what the check would have found.</summary>
        public string? Insecure { get; set; }

        public X509Certificate2Collection CaCertificates { get; set; } = [];

        public X509Certificate2? ClientCertificate { get; set; }

        public void MarkLost(string reason) => Lost.TrySetResult(reason);

        /// <summary>Sends DISCONNECT (the broker then discards the will); false when that did not work.</summary>
        public async Task<bool> DisconnectAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cancel.CancelAfter(timeout);
            try
            {
                await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancel.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (IsLinkFailure(e))
            {
                return false;
            }
        }

        public void Dispose()
        {
            Lost.TrySetResult("closed");
            Client.Dispose();
            CaCertificates.DisposeAll();
            ClientCertificate?.Dispose();
        }
    }
}
