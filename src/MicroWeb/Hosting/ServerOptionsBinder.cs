using System.Globalization;
using Microsoft.Extensions.Configuration;
using MicroWeb.Configuration;
using MicroWeb.Http;
using MicroWeb.Server;

namespace MicroWeb.Hosting;

/// <summary>
/// Reads <see cref="ServerOptions"/> from the <c>Server</c> configuration section by hand (no reflection
/// binder, so it stays trim-safe), rejecting unknown keys and bad values with the key's full name.
/// </summary>
internal static class ServerOptionsBinder
{
    public const string SectionName = "Server";

    /// <param name="configuration">The app's configuration.</param>
    /// <param name="contentRoot">What relative certificate paths are relative to.</param>
    public static ServerOptions Bind(IConfiguration configuration, string contentRoot)
    {
        var options = new ServerOptions();
        var section = configuration.GetSection(SectionName);
        string? host = null;
        int? port = null;
        foreach (var entry in section.GetChildren())
        {
            if (entry.Key.Equals("Certificates", StringComparison.OrdinalIgnoreCase))
            {
                (options.Certificate, options.CertificateChain) = BindCertificates(entry, contentRoot);
                continue;
            }
            var value = entry.Value;
            if (value is null) throw ConfigurationValues.Invalid(entry.Path, "(a section)", "a single value");
            switch (entry.Key.ToLowerInvariant())
            {
                case "urls": options.Urls = value; break;
                case "host": host = value; break;
                case "pathbase": options.PathBase = value; break;
                case "port": port = (int)ConfigurationValues.ParseInteger(entry.Path, value, 0, 65535); break;
                case "maxrequestlinesize": options.MaxRequestLineSize = (int)ConfigurationValues.ParseInteger(entry.Path, value, 64, int.MaxValue); break;
                case "maxrequestheaderstotalsize": options.MaxRequestHeadersTotalSize = (int)ConfigurationValues.ParseInteger(entry.Path, value, 64, int.MaxValue); break;
                case "maxrequestheadercount": options.MaxRequestHeaderCount = (int)ConfigurationValues.ParseInteger(entry.Path, value, 1, int.MaxValue); break;
                case "maxrequestbodysize": options.MaxRequestBodySize = ConfigurationValues.ParseInteger(entry.Path, value, 0, long.MaxValue); break;
                case "maxrequestbodydrainsize": options.MaxRequestBodyDrainSize = ConfigurationValues.ParseInteger(entry.Path, value, 0, long.MaxValue); break;
                case "responsebuffersize": options.ResponseBufferSize = (int)ConfigurationValues.ParseInteger(entry.Path, value, 0, 16 * 1024 * 1024); break;
                case "requestheaderstimeout": options.RequestHeadersTimeout = ConfigurationValues.ParseTimeSpan(entry.Path, value); break;
                case "keepalivetimeout": options.KeepAliveTimeout = ConfigurationValues.ParseTimeSpan(entry.Path, value); break;
                case "shutdowntimeout": options.ShutdownTimeout = ConfigurationValues.ParseTimeSpan(entry.Path, value); break;
                case "shutdowndelay": options.ShutdownDelay = ConfigurationValues.ParseTimeSpan(entry.Path, value); break;
                case "minrequestbodydatarate": options.MinRequestBodyDataRate = ConfigurationValues.ParseDataRate(entry.Path, value); break;
                case "minrequestbodydatarategraceperiod": options.MinRequestBodyDataRateGracePeriod = ConfigurationValues.ParseTimeSpan(entry.Path, value); break;
                case "requestbodytimeout": options.RequestBodyTimeout = ConfigurationValues.ParseOptionalTimeSpan(entry.Path, value); break;
                case "minresponsedatarate": options.MinResponseDataRate = ConfigurationValues.ParseDataRate(entry.Path, value); break;
                case "minresponsedatarategraceperiod": options.MinResponseDataRateGracePeriod = ConfigurationValues.ParseTimeSpan(entry.Path, value); break;
                case "tlshandshaketimeout": options.TlsHandshakeTimeout = ConfigurationValues.ParseTimeSpan(entry.Path, value); break;
                case "maxconcurrentupgradedconnections":
                    options.MaxConcurrentUpgradedConnections = value.Length == 0 ? null : ConfigurationValues.ParseInteger(entry.Path, value, 1, long.MaxValue);
                    break;
                case "maxconcurrentconnections":
                    options.MaxConcurrentConnections = value.Length == 0 ? null : ConfigurationValues.ParseInteger(entry.Path, value, 1, long.MaxValue);
                    break;
                default:
                    throw ConfigurationValues.Unknown(entry.Path, SectionName,
                        "Urls, Host, Port, PathBase, MaxRequestLineSize, MaxRequestHeadersTotalSize, MaxRequestHeaderCount, MaxRequestBodySize, " +
                        "MaxRequestBodyDrainSize, ResponseBufferSize, RequestHeadersTimeout, KeepAliveTimeout, ShutdownTimeout, ShutdownDelay, " +
                        "MinRequestBodyDataRate, MinRequestBodyDataRateGracePeriod, RequestBodyTimeout, MinResponseDataRate, " +
                        "MinResponseDataRateGracePeriod, MaxConcurrentConnections, MaxConcurrentUpgradedConnections, TlsHandshakeTimeout, Certificates");
            }
        }
        if (host is not null || port is not null)
            options.Urls = $"http://{host ?? "localhost"}:{port ?? 5000}";
        return options;
    }

    /// <summary>
    /// <c>Server:Certificates:Default</c>, loaded now so that a bad file fails the build. Only <c>Default</c>: one
    /// certificate serves every https:// address (no SNI selection between several).
    /// </summary>
    private static (System.Security.Cryptography.X509Certificates.X509Certificate2?, System.Security.Cryptography.X509Certificates.X509Certificate2Collection?) BindCertificates(IConfigurationSection certificates, string contentRoot)
    {
        if (certificates.Value is not null) throw ConfigurationValues.Invalid(certificates.Path, certificates.Value, "a section with a Default certificate (Path, KeyPath, Password)");
        string? path = null, keyPath = null, password = null;
        IConfigurationSection? defaultSection = null;
        foreach (var named in certificates.GetChildren())
        {
            if (!named.Key.Equals("Default", StringComparison.OrdinalIgnoreCase))
                throw ConfigurationValues.Unknown(named.Path, certificates.Path, "Default (one certificate serves every https:// address; choosing one per host name, SNI, is not supported)");
            defaultSection = named;
            foreach (var entry in named.GetChildren())
            {
                switch (entry.Key.ToLowerInvariant())
                {
                    case "path": path = entry.Value; break;
                    case "keypath": keyPath = entry.Value; break;
                    case "password": password = entry.Value; break;
                    default: throw ConfigurationValues.Unknown(entry.Path, named.Path, "Path, KeyPath, Password");
                }
            }
        }
        if (defaultSection is null) return (null, null);
        return CertificateLoader.Load($"{SectionName}:Certificates:Default", path, keyPath, password, contentRoot);
    }

    /// <summary>Checks options however they were set (configuration or code); names the key of the first bad value.</summary>
    public static void Validate(ServerOptions options)
    {
        IReadOnlyList<ServerAddress> addresses;
        try
        {
            addresses = ServerAddress.ParseList(options.Urls);
        }
        catch (FormatException e)
        {
            throw ConfigurationValues.Unusable($"{SectionName}:Urls", options.Urls, e.Message,
                "Each address is http://host:port, or https://host:port with a certificate in Server:Certificates:Default; separate several with ';'.");
        }
        if (options.PathBase is null || (options.PathBase.Length > 0 && !PathBaseValidator.TryNormalize(options.PathBase, out _)))
            throw ConfigurationValues.Invalid($"{SectionName}:PathBase", options.PathBase ?? "(null)", "empty, or a path such as /board (segments of letters, digits and -._~!$&'()*+,;=:@)");
        if (options.Certificate is null && addresses.FirstOrDefault(a => a.IsHttps) is { } https)
            throw ConfigurationValues.Unusable($"{SectionName}:Urls", options.Urls, $"'{https.Url}' is an https:// address but no certificate is configured",
                $"Set {SectionName}:Certificates:Default:Path (a PEM certificate with KeyPath, or a .pfx/.p12 with Password) or ServerOptions.Certificate, or use http://.");
        if (options.Certificate is { HasPrivateKey: false } certificate)
            throw ConfigurationValues.Unusable("ServerOptions.Certificate", certificate.Subject, "the certificate has no private key", "Load it together with its key (X509Certificate2.CreateFromPemFile with a key file, or a .pfx).");
        RequirePositive(options.MaxRequestLineSize, "MaxRequestLineSize");
        RequirePositive(options.MaxRequestHeadersTotalSize, "MaxRequestHeadersTotalSize");
        RequirePositive(options.MaxRequestHeaderCount, "MaxRequestHeaderCount");
        RequirePositive(options.MaxRequestBodySize + 1, "MaxRequestBodySize");
        RequirePositive(options.MaxRequestBodyDrainSize + 1, "MaxRequestBodyDrainSize");
        RequirePositive(options.ResponseBufferSize + 1, "ResponseBufferSize");
        RequirePositive(options.RequestHeadersTimeout.Ticks, "RequestHeadersTimeout");
        RequirePositive(options.KeepAliveTimeout.Ticks, "KeepAliveTimeout");
        RequirePositive(options.ShutdownTimeout.Ticks + 1, "ShutdownTimeout");
        RequirePositive(options.ShutdownDelay.Ticks + 1, "ShutdownDelay");
        RequireRate(options.MinRequestBodyDataRate, "MinRequestBodyDataRate");
        RequireRate(options.MinResponseDataRate, "MinResponseDataRate");
        RequirePositive(options.MinRequestBodyDataRateGracePeriod.Ticks, "MinRequestBodyDataRateGracePeriod");
        RequirePositive(options.MinResponseDataRateGracePeriod.Ticks, "MinResponseDataRateGracePeriod");
        RequirePositive(options.TlsHandshakeTimeout.Ticks, "TlsHandshakeTimeout");
        if (options.RequestBodyTimeout is { } bodyTimeout) RequirePositive(bodyTimeout.Ticks, "RequestBodyTimeout");
        if (options.MaxConcurrentConnections is { } connections) RequirePositive(connections, "MaxConcurrentConnections");
    }

    private static void RequireRate(double? rate, string key)
    {
        if (rate is { } value && (value < 0 || !double.IsFinite(value)))
            throw ConfigurationValues.Invalid($"{SectionName}:{key}", value.ToString(CultureInfo.InvariantCulture), "bytes per second as a positive number, or null to turn the check off");
    }

    private static void RequirePositive(long value, string key)
    {
        if (value <= 0) throw ConfigurationValues.Invalid($"{SectionName}:{key}", value.ToString(CultureInfo.InvariantCulture), "a positive value");
    }
}
