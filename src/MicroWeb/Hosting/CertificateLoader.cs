using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MicroWeb.Configuration;

namespace MicroWeb.Hosting;

/// <summary>
/// Loads the server certificate named by <c>Server:Certificates:Default</c> (Kestrel's key names): a PEM certificate
/// (<c>Path</c>) with its PEM private key (<c>KeyPath</c>, encrypted when <c>Password</c> is set), or a PKCS#12 file
/// (<c>.pfx</c>/<c>.p12</c>, <c>Password</c>). Every failure is one line naming the key, the file and the fix.
/// </summary>
internal static class CertificateLoader
{
    private const string Fix = "Set Server:Certificates:Default:Path to a PEM certificate with KeyPath to its private key, or to a .pfx/.p12 file with Password; relative paths are from the content root";

    /// <param name="section">The section's path, e.g. <c>Server:Certificates:Default</c>.</param>
    /// <param name="path">Its <c>Path</c> value.</param>
    /// <param name="keyPath">Its <c>KeyPath</c> value, for PEM.</param>
    /// <param name="password">Its <c>Password</c> value: the PFX's, or the encrypted PEM key's.</param>
    /// <param name="contentRoot">What relative paths are relative to.</param>
    /// <returns>The certificate with its key, and the other certificates of the file (its chain; empty for none).</returns>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Chain) Load(string section, string? path, string? keyPath, string? password, string contentRoot)
    {
        var pathKey = $"{section}:Path";
        var keyPathKey = $"{section}:KeyPath";
        if (string.IsNullOrEmpty(path)) throw ConfigurationValues.Unusable(pathKey, "", "no certificate file is named", Fix + ".");
        var file = RequireFile(pathKey, path, contentRoot);

        var extension = System.IO.Path.GetExtension(file);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            if (!string.IsNullOrEmpty(keyPath))
                throw ConfigurationValues.Unusable(keyPathKey, keyPath, $"'{file}' is a PKCS#12 file, which carries its own key", "Remove KeyPath, or point Path at a PEM certificate.");
            X509Certificate2Collection all;
            try
            {
                all = X509CertificateLoader.LoadPkcs12CollectionFromFile(file, password, KeyStorage);
            }
            catch (CryptographicException e)
            {
                throw ConfigurationValues.Unusable($"{section}:Password", string.IsNullOrEmpty(password) ? "" : "***",
                    $"cannot open '{file}' ({e.Message.TrimEnd('.')})", "Set Server:Certificates:Default:Password to the file's password (for example through MICROWEB_Server__Certificates__Default__Password, not in appsettings.json).");
            }
            // The leaf is the one with the key; the others are its chain.
            var leaf = all.FirstOrDefault(c => c.HasPrivateKey) ?? (all.Count > 0 ? all[0] : null);
            if (leaf is null) throw ConfigurationValues.Unusable(pathKey, path, $"'{file}' holds no certificate", Fix + ".");
            all.Remove(leaf);
            return (RequirePrivateKey(pathKey, path, file, leaf), all);
        }

        if (string.IsNullOrEmpty(keyPath))
            throw ConfigurationValues.Unusable(keyPathKey, "", $"'{file}' is read as a PEM certificate, which needs its private key", "Set Server:Certificates:Default:KeyPath to the PEM key file, or use a .pfx/.p12 file for Path.");
        var keyFile = RequireFile(keyPathKey, keyPath, contentRoot);
        X509Certificate2 pem;
        try
        {
            // On Linux the key stays in memory (ephemeral), which SslStream accepts.
            pem = string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPemFile(file, keyFile)
                : X509Certificate2.CreateFromEncryptedPemFile(file, password, keyFile);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // ArgumentException: a well-formed key of the certificate's algorithm that belongs to another certificate.
            if (!ReadText(pathKey, path, file).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                throw ConfigurationValues.Unusable(pathKey, path, $"'{file}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)", Fix + ".");
            throw ConfigurationValues.Unusable(keyPathKey, keyPath,
                $"the key in '{keyFile}' cannot be used with the certificate in '{file}' ({e.Message.TrimEnd('.')})",
                "Point KeyPath at the PEM private key that belongs to this certificate (set Password if the key is encrypted).");
        }
        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use an ephemeral key for a TLS server: round-trip through PKCS#12 to get a usable one.
            var ephemeral = pem;
            using (ephemeral)
                pem = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        // A fullchain.pem holds the leaf and then its intermediates: send those too.
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(file);
        foreach (var extra in chain.Where(c => c.Thumbprint == pem.Thumbprint).ToList()) chain.Remove(extra);
        return (RequirePrivateKey(pathKey, path, file, pem), chain);
    }

    // On Linux the key stays in memory; SChannel (Windows) and macOS cannot serve TLS with an ephemeral key.
    private static X509KeyStorageFlags KeyStorage => OperatingSystem.IsLinux() ? X509KeyStorageFlags.EphemeralKeySet : X509KeyStorageFlags.DefaultKeySet;

    private static string RequireFile(string key, string value, string contentRoot)
    {
        var file = System.IO.Path.GetFullPath(value, contentRoot);
        if (!File.Exists(file)) throw ConfigurationValues.Unusable(key, value, $"the file '{file}' does not exist", Fix + ".");
        try
        {
            // Opened once here so that an unreadable file is reported as such, against the key that names it.
            using var stream = File.OpenRead(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ConfigurationValues.Unusable(key, value, $"cannot read '{file}' ({e.Message.TrimEnd('.')})", "Make the file readable by the app's user.");
        }
        return file;
    }

    private static string ReadText(string key, string value, string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ConfigurationValues.Unusable(key, value, $"cannot read '{file}' ({e.Message.TrimEnd('.')})", "Make the file readable by the app's user.");
        }
    }

    private static X509Certificate2 RequirePrivateKey(string key, string value, string file, X509Certificate2 certificate)
    {
        if (certificate.HasPrivateKey) return certificate;
        certificate.Dispose();
        throw ConfigurationValues.Unusable(key, value, $"the certificate in '{file}' has no private key", Fix + ".");
    }
}
