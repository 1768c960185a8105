using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace MicroWeb;

/// <summary>
/// A key that verifies JWT signatures with exactly one algorithm: <c>HS256</c> (a shared secret), <c>RS256</c> (an RSA
/// public key) or <c>ES256</c> (a P-256 public key). A token whose <c>alg</c> differs is refused, so a token cannot
/// choose how it is checked: no <c>none</c>, and no HMAC keyed with a public key's bytes (RFC 8725 §2.1, §3.1).
/// </summary>
public sealed class JwtSigningKey
{
    /// <summary>RFC 7518 §3.2: a key at least as long as the hash output.</summary>
    private const int MinimumSecretBytes = 32;

    /// <summary>RFC 7518 §3.3: 2048 bits or larger.</summary>
    private const int MinimumRsaBits = 2048;

    private const string P256Oid = "1.2.840.10045.3.1.7";

    private readonly byte[]? _secret;
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;

    private JwtSigningKey(string algorithm, string? keyId, byte[]? secret, RSA? rsa, ECDsa? ecdsa)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        _secret = secret;
        _rsa = rsa;
        _ecdsa = ecdsa;
    }

    /// <summary>The <c>kid</c> of the tokens this key verifies, or null.</summary>
    public string? KeyId { get; }

    /// <summary>The only <c>alg</c> this key accepts: <c>HS256</c>, <c>RS256</c> or <c>ES256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>An <c>HS256</c> secret shared with the issuer; copied.</summary>
    /// <param name="key">At least 32 bytes, random.</param>
    /// <param name="keyId">The <c>kid</c> of the tokens it verifies, or null.</param>
    /// <exception cref="ArgumentException">The key is shorter than 32 bytes.</exception>
    public static JwtSigningKey Symmetric(byte[] key, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumSecretBytes) throw new ArgumentException($"An HS256 key needs at least {MinimumSecretBytes} bytes (RFC 7518 §3.2), not {key.Length}.", nameof(key));
        return new JwtSigningKey("HS256", keyId, [.. key], null, null);
    }

    /// <summary>
    /// A public key in PEM (<c>-----BEGIN PUBLIC KEY-----</c>, or <c>RSA PUBLIC KEY</c>): RSA (2048 bits or more) verifies
    /// <c>RS256</c>, P-256 verifies <c>ES256</c>.
    /// </summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="keyId">The <c>kid</c> of the tokens it verifies, or null.</param>
    /// <exception cref="ArgumentException">No public key is found, it is a private key, or its kind or size is not accepted.</exception>
    public static JwtSigningKey FromPem(string pem, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields)) throw new ArgumentException("No PEM block was found.", nameof(pem));
        var label = pem[fields.Label];
        // A resource server only verifies: the private key belongs to the issuer alone.
        if (label.Contains("PRIVATE", StringComparison.Ordinal)) throw new ArgumentException($"The PEM block is a private key ({label}); give the issuer's public key.", nameof(pem));
        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        try
        {
            if (label == "RSA PUBLIC KEY")
            {
                var pkcs1 = RSA.Create();
                pkcs1.ImportRSAPublicKey(der, out _);
                return Rsa(pkcs1, keyId);
            }
            if (label != "PUBLIC KEY") throw new ArgumentException($"The PEM block is a {label}, not a PUBLIC KEY.", nameof(pem));
            return FromSubjectPublicKeyInfo(der, keyId);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"The PEM block is not a public key that can be read: {e.Message}", nameof(pem), e);
        }
    }

    /// <summary>
    /// The signing keys of a JSON Web Key Set (RFC 7517 §5): RSA keys for <c>RS256</c>, EC P-256 keys for <c>ES256</c>,
    /// <c>oct</c> keys for <c>HS256</c>. Keys for encryption (<c>"use":"enc"</c>), for other algorithms or curves are
    /// left out.
    /// </summary>
    /// <param name="json">The JWKS document, <c>{"keys":[…]}</c>.</param>
    /// <exception cref="FormatException">The document is not a key set, or a key in it is malformed, or none is usable.</exception>
    public static IReadOnlyList<JwtSigningKey> FromJwks(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var keys = new List<JwtSigningKey>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var array) || array.ValueKind != JsonValueKind.Array)
                throw new FormatException("A JWKS is an object with a \"keys\" array (RFC 7517 §5).");
            foreach (var jwk in array.EnumerateArray())
            {
                if (FromJwk(jwk) is { } key) keys.Add(key);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or CryptographicException or ArgumentException)
        {
            throw new FormatException($"The JWKS is malformed: {e.Message}", e);
        }

        return keys.Count > 0 ? keys : throw new FormatException("The JWKS has no signing key for RS256, ES256 or HS256.");
    }

    /// <summary>True when <paramref name="signature"/> is this key's signature of <paramref name="signingInput"/> (the ASCII of <c>header.payload</c>).</summary>
    internal bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        if (_secret is not null)
        {
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_secret, signingInput, mac);
            return signature.Length == mac.Length && CryptographicOperations.FixedTimeEquals(mac, signature);
        }
        // Verification only reads the key; RSA and ECDsa instances may be shared by concurrent requests for that.
        if (_rsa is not null) return _rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        // JWS carries R ‖ S, 32 bytes each (RFC 7518 §3.4), not DER.
        return signature.Length == 64 && _ecdsa!.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static JwtSigningKey FromSubjectPublicKeyInfo(byte[] der, string? keyId)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(der, out _);
            return Rsa(rsa, keyId);
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
        }

        var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(der, out _);
        return Ec(ecdsa, keyId);
    }

    private static JwtSigningKey Rsa(RSA rsa, string? keyId) =>
        rsa.KeySize >= MinimumRsaBits
            ? new JwtSigningKey("RS256", keyId, null, rsa, null)
            : throw new ArgumentException($"An RS256 key needs at least {MinimumRsaBits} bits (RFC 7518 §3.3), not {rsa.KeySize}.");

    private static JwtSigningKey Ec(ECDsa ecdsa, string? keyId) =>
        ecdsa.ExportParameters(false).Curve.Oid.Value == P256Oid
            ? new JwtSigningKey("ES256", keyId, null, null, ecdsa)
            : throw new ArgumentException("An EC key must be on the P-256 curve to verify ES256.");

    private static JwtSigningKey? FromJwk(JsonElement jwk)
    {
        var kty = String(jwk, "kty");
        var kid = String(jwk, "kid");
        var alg = String(jwk, "alg");
        if (String(jwk, "use") is { } use && use != "sig") return null;
        switch (kty)
        {
            case "RSA" when alg is null or "RS256":
                return Rsa(RSA.Create(new RSAParameters { Modulus = Bytes(jwk, "n"), Exponent = Bytes(jwk, "e") }), kid);
            case "EC" when String(jwk, "crv") == "P-256" && alg is null or "ES256":
                return Ec(ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = Bytes(jwk, "x"), Y = Bytes(jwk, "y") } }), kid);
            case "oct" when alg is null or "HS256":
                return Symmetric(Bytes(jwk, "k"), kid);
            default:
                return null;
        }
    }

    private static string? String(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Bytes(JsonElement jwk, string name) =>
        String(jwk, name) is { } text ? Base64Url.DecodeFromChars(text) : throw new FormatException($"A key of kty {String(jwk, "kty")} needs \"{name}\".");
}
