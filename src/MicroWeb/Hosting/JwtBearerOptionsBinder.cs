using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Configuration;
using MicroWeb.Security.Bearer;

namespace MicroWeb.Hosting;

/// <summary>
/// Binds <c>Authentication:Bearer</c> by hand, as the other binders do: unknown keys fail naming the nearest known one,
/// a bad value fails naming its key (never echoing a secret), and the options the app's <c>AddJwtBearer</c> code
/// finishes must name an issuer, an audience and at least one key, or the app does not start.
/// </summary>
internal static class JwtBearerOptionsBinder
{
    public const string SectionName = "Authentication:Bearer";

    private const string KnownKeys = "Issuer, Audience, ClockSkew, SigningKeys (by index: a Base64 HS256 secret or a PEM public key), JwksFile (a JWKS file, relative to the content root)";

    /// <summary>
    /// When the app called <c>AddJwtBearer</c>: binds the section, applies the app's code, checks the result and registers
    /// the validator. Without it, a configured section fails, since it would silently do nothing.
    /// </summary>
    public static void Register(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        JwtBearerRegistration? registration = null;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(JwtBearerRegistration)) registration = descriptor.ImplementationInstance as JwtBearerRegistration;
        }
        if (registration is null)
        {
            if (configuration.GetSection(SectionName).GetChildren().Any())
                throw ConfigurationError.Create(SectionName, $"The configuration section '{SectionName}' is set",
                    ", but JWT bearer authentication is off: call builder.Services.AddJwtBearer() or remove the section.");
            return;
        }

        var options = Bind(configuration, contentRoot);
        foreach (var configure in registration.Configure) configure(options);
        services.AddSingleton(Validator(options));
    }

    public static JwtBearerOptions Bind(IConfiguration configuration, string contentRoot)
    {
        var options = new JwtBearerOptions();
        foreach (var child in configuration.GetSection(SectionName).GetChildren())
        {
            var key = $"{SectionName}:{child.Key}";
            switch (child.Key.ToUpperInvariant())
            {
                case "ISSUER":
                    options.Issuer = child.Value;
                    break;
                case "AUDIENCE":
                    options.Audience = child.Value;
                    break;
                case "CLOCKSKEW" when child.Value is { Length: > 0 } value:
                    var skew = ConfigurationValues.ParseTimeSpan(key, value);
                    options.ClockSkew = skew >= TimeSpan.Zero ? skew : throw ConfigurationValues.Invalid(key, value, "a time span of zero or more, such as 00:05:00");
                    break;
                case "SIGNINGKEYS":
                    foreach (var signingKey in child.GetChildren()) options.SigningKeys.Add(SigningKey($"{key}:{signingKey.Key}", signingKey));
                    break;
                case "JWKSFILE" when child.Value is { Length: > 0 } path:
                    foreach (var jwk in Jwks(key, path, contentRoot)) options.SigningKeys.Add(jwk);
                    break;
                default:
                    throw ConfigurationValues.Unknown(key, SectionName, KnownKeys);
            }
        }
        return options;
    }

    private static JwtSigningKey SigningKey(string key, IConfigurationSection section)
    {
        if (section.GetChildren().FirstOrDefault() is { } nested)
            throw ConfigurationValues.Unknown($"{key}:{nested.Key}", key, "none: each signing key is one value, a Base64 HS256 secret or a PEM public key");
        var value = section.Value ?? "";
        if (value.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            try
            {
                return JwtSigningKey.FromPem(value);
            }
            catch (ArgumentException e)
            {
                throw ConfigurationError.Create(key, $"Invalid configuration value for '{key}'", $": {e.Message}");
            }
        }

        // The value is a secret: the message says what is wrong with it, never what it is.
        var secret = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, secret, out var length))
            throw ConfigurationError.Create(key, $"Invalid configuration value for '{key}'", ": expected a Base64 HS256 secret (32 bytes or more) or a PEM public key.");
        if (length < 32)
            throw ConfigurationError.Create(key, $"Invalid configuration value for '{key}'", $": an HS256 secret needs at least 32 bytes (RFC 7518 §3.2), not {length}.");
        var signingKey = JwtSigningKey.Symmetric(secret[..length]);
        CryptographicOperations.ZeroMemory(secret);
        return signingKey;
    }

    private static IReadOnlyList<JwtSigningKey> Jwks(string key, string path, string contentRoot)
    {
        var full = Path.GetFullPath(Path.Combine(contentRoot, path));
        string json;
        try
        {
            json = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ConfigurationValues.Unusable(key, path, $"{full} cannot be read ({e.Message})", "Give the path of a JWKS file, relative to the content root.");
        }

        try
        {
            return JwtSigningKey.FromJwks(json);
        }
        catch (FormatException e)
        {
            throw ConfigurationValues.Unusable(key, path, e.Message.TrimEnd('.'), "Give a JSON Web Key Set with RS256, ES256 or HS256 signing keys.");
        }
    }

    private static JwtBearerValidator Validator(JwtBearerOptions options)
    {
        if (string.IsNullOrEmpty(options.Issuer)) throw Missing("Issuer", "the issuer its tokens must name (iss)");
        if (string.IsNullOrEmpty(options.Audience)) throw Missing("Audience", "the audience its tokens must be for (aud): this API");
        if (options.SigningKeys.Count == 0) throw Missing("SigningKeys:0", "at least one key (SigningKeys:N or JwksFile)");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ClockSkew, TimeSpan.Zero, nameof(options.ClockSkew));
        return new JwtBearerValidator(options.Issuer, options.Audience, options.ClockSkew, [.. options.SigningKeys]);
    }

    private static InvalidOperationException Missing(string name, string what) =>
        ConfigurationError.Create($"{SectionName}:{name}", $"Missing configuration value '{SectionName}:{name}'", $": JWT bearer authentication needs {what}; set it, or JwtBearerOptions in AddJwtBearer.");
}
