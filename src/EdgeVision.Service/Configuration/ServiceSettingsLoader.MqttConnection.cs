using System.Globalization;
using System.Net;
using EdgeVision.Inspection.Settings;
using EdgeVision.Mqtt;
using EdgeVision.Mqtt.Connection;

namespace EdgeVision.Service.Configuration;

/// <content>
/// The connection keys of the <c>mqtt</c> section: broker address, credentials and TLS. Input files (password, CA,
/// certificate, key) resolve against the configuration file's folder and are checked now, each error naming its key.
/// </content>
public static partial class ServiceSettingsLoader
{
    /// <summary>Reads <c>broker</c>: <c>host</c>, <c>host:port</c>, <c>[IPv6]</c>, <c>[IPv6]:port</c> or a bare IPv6 address; null for the embedded broker.</summary>
    private static (string? Host, int? Port) ReadBroker(JsonSection s)
    {
        var broker = s.Text("broker", null);
        if (broker is null)
        {
            return (null, null);
        }

        if (broker.Contains("://", StringComparison.Ordinal))
        {
            s.Errors.Add(s.PathOf("broker"), $"'{broker}' is a URL: give host or host:port (TLS is switched on by mqtt.tls)");
            return (null, null);
        }

        string host;
        string? portText = null;
        var firstColon = broker.IndexOf(':', StringComparison.Ordinal);
        if (broker.StartsWith('[') && broker.IndexOf(']', StringComparison.Ordinal) is var close and > 0
            && (close == broker.Length - 1 || broker[close + 1] == ':'))
        {
            host = broker[1..close];
            portText = close == broker.Length - 1 ? null : broker[(close + 2)..];
        }
        else if (firstColon >= 0 && firstColon != broker.LastIndexOf(':') && IPAddress.TryParse(broker, out _))
        {
            host = broker; // a bare IPv6 address has no port; write [address]:port for one
        }
        else
        {
            host = firstColon < 0 ? broker : broker[..firstColon];
            portText = firstColon < 0 ? null : broker[(firstColon + 1)..];
        }

        int? port = null;
        if (portText is not null)
        {
            port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535 ? p : null;
        }

        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '[' or ']') || (portText is not null && port is null))
        {
            s.Errors.Add(s.PathOf("broker"), $"'{broker}' is not host or host:port with a port from 1 to 65535");
            return (null, null);
        }

        return (host, port);
    }

    /// <summary>Reads <c>password</c> or the first line of <c>passwordFile</c> (relative to the configuration's folder).</summary>
    private static string? ReadPassword(JsonSection s, string baseDirectory)
    {
        var password = s.Text("password", null);
        var path = InputFile(s, "passwordFile", baseDirectory);
        if (path is null)
        {
            return password;
        }

        if (password is not null)
        {
            s.Errors.Add(s.PathOf("passwordFile"), "give either password or passwordFile, not both");
        }

        try
        {
            var text = File.ReadAllText(path).TrimEnd('\r', '\n');
            if (text.Length == 0)
            {
                s.Errors.Add(s.PathOf("passwordFile"), $"'{path}' is empty");
            }

            return text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            s.Errors.Add(s.PathOf("passwordFile"), $"cannot read '{path}': {e.Message}");
            return null;
        }
    }

    /// <summary>Reads <c>tls</c> (present means enabled unless <c>enabled</c> says otherwise) and checks its files.</summary>
    private static MqttTlsSettings ReadTls(JsonSection? s, string baseDirectory)
    {
        if (s is null)
        {
            return new MqttTlsSettings();
        }

        var tls = new MqttTlsSettings
        {
            Enabled = s.Bool("enabled", true),
            CaFile = InputFile(s, "caFile", baseDirectory),
            ClientCertFile = InputFile(s, "certFile", baseDirectory),
            ClientKeyFile = InputFile(s, "keyFile", baseDirectory),
            ServerName = OptionalText(s, "serverName"),
            AllowInsecure = s.Bool("allowInsecure", false),
        };
        s.RejectUnknownKeys();
        if (!tls.Enabled)
        {
            if (tls.CaFile is not null || tls.ClientCertFile is not null || tls.ClientKeyFile is not null || tls.ServerName is not null || tls.AllowInsecure)
            {
                s.Errors.Add(s.PathOf("enabled"), "is false but other TLS keys are set: enable TLS or remove them");
            }

            return tls;
        }

        var errorsBefore = s.Errors.All.Count;
        RequireFile(s, "caFile", tls.CaFile);
        RequireFile(s, "certFile", tls.ClientCertFile);
        RequireFile(s, "keyFile", tls.ClientKeyFile);
        if (tls.ClientCertFile is not null && tls.ClientKeyFile is null)
        {
            s.Errors.Add(s.PathOf("certFile"), "needs mqtt.tls.keyFile: the certificate is useless without its private key");
        }

        if (tls.ClientKeyFile is not null && tls.ClientCertFile is null)
        {
            s.Errors.Add(s.PathOf("keyFile"), "needs mqtt.tls.certFile: a private key alone cannot authenticate");
        }

        if (s.Errors.All.Count == errorsBefore)
        {
            // The files exist: load them as the connection will, so a wrong file stops start-up, not the first connect.
            TryLoad(s, "caFile", () =>
            {
                foreach (var certificate in tls.LoadCaCertificates())
                {
                    certificate.Dispose();
                }
            });
            TryLoad(s, "certFile", () => tls.LoadClientCertificate()?.Dispose());
        }

        return tls;
    }

    /// <summary>Credentials without a user name, and TLS or credentials for the embedded broker, are refused at the key that set them.</summary>
    private static void CheckCredentials(JsonSection s, MqttSettings settings)
    {
        var passwordKey = s.Has("passwordFile") ? "passwordFile" : "password";
        if (settings.BrokerHost is null)
        {
            if (settings.Tls.Enabled)
            {
                s.Errors.Add(s.PathOf("tls"), "needs an external broker (mqtt.broker): the embedded broker listens on loopback without TLS");
            }

            if (settings.Username is not null || settings.Password is not null)
            {
                s.Errors.Add(s.PathOf(settings.Username is not null ? "username" : passwordKey), "needs an external broker (mqtt.broker): the embedded broker takes anonymous clients on loopback only");
            }
        }
        else if (settings.Password is not null && settings.Username is null)
        {
            s.Errors.Add(s.PathOf(passwordKey), "is set but mqtt.username is not: MQTT sends a password only with a user name");
        }
    }

    /// <summary>A file key resolved against the configuration's folder; null when absent, an error when empty.</summary>
    private static string? InputFile(JsonSection s, string key, string baseDirectory) =>
        OptionalText(s, key) is { } file ? Path.GetFullPath(file, baseDirectory) : null;

    /// <summary>An optional text key; an empty string is an error (leave the key out to get its default).</summary>
    private static string? OptionalText(JsonSection s, string key)
    {
        var text = s.Text(key, null);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            s.Errors.Add(s.PathOf(key), "must not be empty (leave the key out for its default)");
            return null;
        }

        return text;
    }

    private static void RequireFile(JsonSection s, string key, string? path)
    {
        if (path is not null && !File.Exists(path))
        {
            s.Errors.Add(s.PathOf(key), $"file '{path}' does not exist");
        }
    }

    private static void TryLoad(JsonSection s, string key, Action load)
    {
        try
        {
            load();
        }
        catch (InvalidDataException e)
        {
            s.Errors.Add(s.PathOf(key), e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            s.Errors.Add(s.PathOf(key), $"cannot be read: {e.Message}");
        }
    }
}
