using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeVision.TestSupport;

/// <summary>
/// A throw-away public key infrastructure made by the test with .NET's certificate APIs, written as PEM files:
/// a CA, a broker certificate it signed (names <c>localhost</c> and <c>127.0.0.1</c>), a client certificate it signed,
/// and a second, unrelated CA for "wrong CA" cases. Linked into every test project.
/// </summary>
internal sealed class TestCertificates
{
    private TestCertificates(string directory) => Directory = directory;

    /// <summary>The folder holding the PEM files.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate that signed the broker and client certificates.</summary>
    public string CaFile => Path.Combine(Directory, "ca.crt");

    /// <summary>A CA that signed nothing here: trusting only it must refuse the broker.</summary>
    public string OtherCaFile => Path.Combine(Directory, "other-ca.crt");

    /// <summary>The broker's certificate (subject alternative names: DNS <c>localhost</c>, IP <c>127.0.0.1</c>).</summary>
    public string ServerCertFile => Path.Combine(Directory, "server.crt");

    /// <summary>The broker's private key (PKCS#8 PEM).</summary>
    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    /// <summary>The client's certificate (extended key usage: client authentication).</summary>
    public string ClientCertFile => Path.Combine(Directory, "client.crt");

    /// <summary>The client's private key (PKCS#8 PEM).</summary>
    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    /// <summary>Generates every certificate and key into <paramref name="directory"/> (created if missing).</summary>
    public static TestCertificates CreateIn(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var files = new TestCertificates(directory);
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1); // tolerate a little clock skew between client and broker
        var notAfter = DateTimeOffset.UtcNow.AddDays(30);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = SelfSignedCa("CN=EdgeVision Test CA", caKey, notBefore, notAfter);
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem());

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = SelfSignedCa("CN=Some Other CA", otherKey, notBefore, notAfter);
        File.WriteAllText(files.OtherCaFile, other.ExportCertificatePem());

        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        IssueLeaf(ca, "CN=localhost", "1.3.6.1.5.5.7.3.1", names.Build(), notBefore, notAfter, files.ServerCertFile, files.ServerKeyFile);
        IssueLeaf(ca, "CN=edgevision-test-client", "1.3.6.1.5.5.7.3.2", null, notBefore, notAfter, files.ClientCertFile, files.ClientKeyFile);
        return files;
    }

    private static X509Certificate2 SelfSignedCa(string subject, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    private static void IssueLeaf(X509Certificate2 ca, string subject, string usageOid, X509Extension? names, DateTimeOffset notBefore, DateTimeOffset notAfter, string certFile, string keyFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a serial number is a positive integer
        using var certificate = request.Create(ca, notBefore, notAfter, serial);
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
