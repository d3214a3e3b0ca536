using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;

namespace EdgeVision.Mqtt.Connection;

/// <content>Turning failures into sentences an operator can act on, and the broker certificate check.</content>
public sealed partial class MqttConnection
{
    private bool CheckServerCertificate(Session session, MqttClientCertificateValidationEventArgs e)
    {
        var problem = e.SslPolicyErrors == SslPolicyErrors.None ? null : DescribeCertificateProblem(e.SslPolicyErrors, e.Certificate, e.Chain);
        if (_settings.Tls.AllowInsecure)
        {
            session.Insecure = problem is null ? "" : $"; the check would have failed: {problem}";
            return true;
        }

        session.TlsFailure = problem;
        return problem is null;
    }

    private string DescribeCertificateProblem(SslPolicyErrors errors, X509Certificate? certificate, X509Chain? chain)
    {
        var tls = _settings.Tls;
        var problems = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            problems.Add($"the broker {_settings.Endpoint} sent no TLS certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var status = chain is null
                ? "no chain"
                : string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}"));
            var trusted = tls.CaFile is null ? "the system's CA store (set Tls.CaFile to the CA that signed the broker's certificate)" : $"the CA file '{tls.CaFile}'";
            problems.Add($"the TLS certificate chain of broker {_settings.Endpoint} (subject '{certificate?.Subject}', issuer '{certificate?.Issuer}') was not trusted by {trusted}: {status}");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            var names = certificate is X509Certificate2 c2 && c2.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is { } san
                ? string.Join(", ", san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(a => a.ToString())))
                : "none";
            problems.Add($"TLS name mismatch: the broker's certificate (subject '{certificate?.Subject}', names: {names}) does not match the expected server name '{tls.ServerName ?? _settings.Host}' (set Tls.ServerName if the broker is reached under another name)");
        }

        return string.Join("; and ", problems);
    }

    private string DescribeRefusal(MqttClientConnectResultCode code, string? reason)
    {
        var detail = string.IsNullOrEmpty(reason) ? "" : $", \"{reason}\"";
        return code switch
        {
            MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized when !string.IsNullOrEmpty(_settings.Username)
                => $"the broker {_settings.Endpoint} refused the credentials of user '{_settings.Username}' (reason code {code}{detail})",
            MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized
                => $"the broker {_settings.Endpoint} refused a connection without credentials (reason code {code}{detail}): it may require Username and Password",
            MqttClientConnectResultCode.ClientIdentifierNotValid
                => $"the broker {_settings.Endpoint} refused the client id '{_settings.ClientId}' (reason code {code}{detail})",
            MqttClientConnectResultCode.UnsupportedProtocolVersion
                => $"the broker {_settings.Endpoint} does not speak MQTT {(_settings.ProtocolVersion == MqttProtocol.V5 ? "5" : "3.1.1")} (reason code {code}{detail}): change ProtocolVersion",
            _ => $"the broker {_settings.Endpoint} refused the connection (reason code {code}{detail})",
        };
    }

    private string DescribeConnectFailure(Exception e, Session session)
    {
        var where = $"cannot connect to {_settings.Endpoint}";
        if (session.TlsFailure is { } tls)
        {
            return $"{where}: {tls}";
        }

        if (e is InvalidDataException certificateFiles)
        {
            return $"{where}: {certificateFiles.Message}";
        }

        if (Find<MqttConnectingFailedException>(e) is { } refused && ResultCodeIn(refused.Message) is { } code)
        {
            return DescribeRefusal(code, null);
        }

        if (Find<SocketException>(e) is { } socket)
        {
            switch (socket.SocketErrorCode)
            {
                case SocketError.ConnectionRefused:
                    return $"{where}: connection refused (is the broker running and listening on that port?)";
                case SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain:
                    return $"{where}: host '{_settings.Host}' not found";
                case SocketError.TimedOut:
                    return $"{where}: no answer (timed out)";
                default:
                    break;
            }
        }

        if (Find<AuthenticationException>(e) is { } handshake)
        {
            return $"{where}: the TLS handshake failed: {Innermost(handshake)}";
        }

        // With TLS 1.3 a broker checks the client certificate after the handshake looks done to the client, so a
        // refused (or missing) certificate shows up as the link closing at the first MQTT packet.
        if (_settings.Tls.Enabled && (Find<SocketException>(e) is not null || Find<IOException>(e) is not null || e is MqttCommunicationException))
        {
            var hint = _settings.Tls.ClientCertFile is null
                ? "does the broker require a client certificate? set Tls.ClientCertFile and Tls.ClientKeyFile"
                : $"was the client certificate '{_settings.Tls.ClientCertFile}' refused? check that the broker trusts its CA";
            return $"{where}: the broker closed the TLS connection before answering ({hint}): {Innermost(e)}";
        }

        if (Find<SocketException>(e) is { } other)
        {
            return $"{where}: {other.SocketErrorCode}: {other.Message}";
        }

        if (e is OperationCanceledException or MqttCommunicationTimedOutException)
        {
            return $"{where}: no answer within {_settings.ConnectTimeout.TotalSeconds} s";
        }

        return $"{where}: {e.GetType().Name}: {Innermost(e)}";
    }

    private static string DescribeDisconnect(MqttClientDisconnectedEventArgs e)
    {
        // MQTTnet reports NormalDisconnection also when the socket just closed; only another reason code means the
        // broker sent a DISCONNECT with a reason (MQTT 5: session taken over, server shutting down...).
        var said = e.Reason == MqttClientDisconnectReason.NormalDisconnection
            ? ""
            : $"the broker disconnected us with reason code {e.Reason}{(string.IsNullOrEmpty(e.ReasonString) ? "" : $" (\"{e.ReasonString}\")")}";
        var failed = e.Exception is null ? "" : $"the link failed: {Innermost(e.Exception)}";
        return (said, failed) switch
        {
            ("", "") => "the link was closed",
            (_, "") => said,
            ("", _) => failed,
            _ => $"{said}; {failed}",
        };
    }

    private static MqttClientConnectResultCode? ResultCodeIn(string message)
    {
        foreach (var code in Enum.GetValues<MqttClientConnectResultCode>())
        {
            if (code != MqttClientConnectResultCode.Success && message.Contains(code.ToString(), StringComparison.Ordinal))
            {
                return code;
            }
        }

        return null;
    }

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (!messages.Contains(x.Message))
            {
                messages.Add(x.Message);
            }
        }

        return string.Join(" -> ", messages);
    }
}
