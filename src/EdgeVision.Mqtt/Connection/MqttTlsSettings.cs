using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeVision.Mqtt.Connection;

/// <summary>
/// Transport security of the broker connection: which CA to trust, the client certificate to present, the name the
/// broker's certificate must carry, and the explicit insecure escape hatch.
/// </summary>
public sealed record MqttTlsSettings
{
    /// <summary>Whether the connection uses TLS.</summary>
    public bool Enabled { get; init; }

    /// <summary>PEM file of the CA certificate(s) that signed the broker's certificate; null trusts the system's CA store.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM file of the client certificate, for brokers that require one (needs <see cref="ClientKeyFile"/>).</summary>
    public string? ClientCertFile { get; init; }

    /// <summary>PEM file of the client certificate's private key (PKCS#8, PKCS#1 or SEC1, unencrypted).</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>The name sent as SNI and required in the broker's certificate; null means the connection's host.</summary>
    public string? ServerName { get; init; }

    /// <summary>
    /// Skips every check of the broker's certificate (chain and name). Only for commissioning: anyone on the path can
    /// read and alter the traffic. The connection logs a WARNING each time it connects this way.
    /// </summary>
    public bool AllowInsecure { get; init; }

    /// <summary>The CA certificates of <see cref="CaFile"/>; throws a clear <see cref="InvalidDataException"/> when the file holds none.</summary>
    public X509Certificate2Collection LoadCaCertificates()
    {
        if (CaFile is null)
        {
            return [];
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(CaFile);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"Tls.CaFile '{CaFile}' is not a readable PEM certificate file: {e.Message}", e);
        }

        if (certificates.Count == 0)
        {
            throw new InvalidDataException($"Tls.CaFile '{CaFile}' holds no PEM certificate (expected -----BEGIN CERTIFICATE-----).");
        }

        return certificates;
    }

    /// <summary>The client certificate with its private key, or null when none is configured; throws a clear <see cref="InvalidDataException"/> when the files do not fit.</summary>
    public X509Certificate2? LoadClientCertificate()
    {
        if (ClientCertFile is null)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(ClientCertFile, ClientKeyFile);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException(
                $"Tls.ClientCertFile '{ClientCertFile}' with Tls.ClientKeyFile '{ClientKeyFile}' cannot be loaded as a certificate and its private key: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException(
                $"Tls.ClientCertFile '{ClientCertFile}' with Tls.ClientKeyFile '{ClientKeyFile}' cannot be loaded as a certificate and its private key: {e.Message}", e);
        }
    }

    /// <summary>Adds a sentence per problem (missing files by path, a key without a certificate, files that do not load) to <paramref name="errors"/>.</summary>
    internal void AddErrors(List<string> errors)
    {
        if (!Enabled)
        {
            if (CaFile is not null || ClientCertFile is not null || ClientKeyFile is not null || ServerName is not null || AllowInsecure)
            {
                errors.Add("Tls settings are given but Tls.Enabled is false: enable TLS or remove them.");
            }

            return;
        }

        var filesPresent = true;
        foreach (var (name, path) in new[] { ("Tls.CaFile", CaFile), ("Tls.ClientCertFile", ClientCertFile), ("Tls.ClientKeyFile", ClientKeyFile) })
        {
            if (path is not null && !File.Exists(path))
            {
                errors.Add($"{name} '{path}' does not exist.");
                filesPresent = false;
            }
        }

        if (ClientKeyFile is not null && ClientCertFile is null)
        {
            errors.Add($"Tls.ClientKeyFile '{ClientKeyFile}' is set without Tls.ClientCertFile: a key alone cannot authenticate.");
            filesPresent = false;
        }

        if (ClientCertFile is not null && ClientKeyFile is null)
        {
            errors.Add($"Tls.ClientCertFile '{ClientCertFile}' is set without Tls.ClientKeyFile: the certificate needs its private key.");
            filesPresent = false;
        }

        if (ServerName is not null && string.IsNullOrWhiteSpace(ServerName))
        {
            errors.Add("Tls.ServerName is blank: leave it unset to check the broker's certificate against Host.");
        }

        if (!filesPresent)
        {
            return;
        }

        try
        {
            LoadCaCertificates().DisposeAll();
        }
        catch (InvalidDataException e)
        {
            errors.Add(e.Message);
        }

        try
        {
            LoadClientCertificate()?.Dispose();
        }
        catch (InvalidDataException e)
        {
            errors.Add(e.Message);
        }
    }
}

/// <summary>Disposes every certificate of a collection.</summary>
internal static class CertificateCollectionExtensions
{
    /// <summary>Disposes the certificates in <paramref name="certificates"/>.</summary>
    public static void DisposeAll(this X509Certificate2Collection certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
