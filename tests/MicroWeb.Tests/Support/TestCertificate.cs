using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MicroWeb.Tests.Support;

/// <summary>
/// A self-signed ECDSA P-256 server certificate for 127.0.0.1 and localhost, generated in code and written to a
/// temporary directory as PEM (certificate and key) and as a password-protected PFX. Delete with <see cref="Dispose"/>.
/// </summary>
internal sealed class TestCertificate : IDisposable
{
    public const string PfxPassword = "test-pfx-password";

    private TestCertificate(X509Certificate2 certificate, string directory)
    {
        Certificate = certificate;
        Directory = directory;
        CertPath = Path.Combine(directory, "cert.pem");
        KeyPath = Path.Combine(directory, "key.pem");
        PfxPath = Path.Combine(directory, "cert.pfx");
        File.WriteAllText(CertPath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(PfxPath, certificate.Export(X509ContentType.Pkcs12, PfxPassword));
    }

    /// <summary>The generated certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string Directory { get; }

    public string CertPath { get; }

    public string KeyPath { get; }

    public string PfxPath { get; }

    public string Thumbprint => Certificate.Thumbprint;

    /// <param name="subject">The subject name.</param>
    /// <param name="certificateAuthority">Whether it may sign other certificates (a test CA).</param>
    public static TestCertificate Create(string subject = "CN=MicroWeb test", bool certificateAuthority = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            certificateAuthority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var directory = Path.Combine(Path.GetTempPath(), "microweb-tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return new TestCertificate(certificate, directory);
    }

    /// <summary>A handler that trusts exactly this certificate (its thumbprint), not "anything".</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString(),
        },
    };

    public HttpClient CreateClient(Uri baseAddress) => new(CreateHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        Certificate.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
