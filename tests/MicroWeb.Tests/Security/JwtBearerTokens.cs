using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MicroWeb.Tests.Security;

/// <summary>Makes JWTs for the tests: any header, any claims, signed by any function (or not at all).</summary>
internal static class JwtBearerTokens
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "api://board";

    public static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    public static string Header(string alg, string? kid = null) =>
        kid is null ? $$"""{"alg":"{{alg}}","typ":"JWT"}""" : $$"""{"alg":"{{alg}}","typ":"JWT","kid":"{{kid}}"}""";

    /// <summary>Claims for <c>ada</c> from the issuer to the audience, valid from 1 minute before <paramref name="now"/> for 10 minutes unless told.</summary>
    public static string Claims(DateTimeOffset now, string sub = "ada", string iss = Issuer, string aud = Audience,
        TimeSpan? expiresIn = null, TimeSpan? notBeforeIn = null, string extra = "")
    {
        var exp = (now + (expiresIn ?? TimeSpan.FromMinutes(10))).ToUnixTimeSeconds();
        var nbf = (now + (notBeforeIn ?? TimeSpan.FromMinutes(-1))).ToUnixTimeSeconds();
        return $$"""{"sub":"{{sub}}","iss":"{{iss}}","aud":"{{aud}}","exp":{{exp}},"nbf":{{nbf}},"name":"Ada Lovelace","role":"admin"{{extra}}}""";
    }

    public static string Sign(string header, string claims, Func<byte[], byte[]> signer)
    {
        var input = Encode(header) + "." + Encode(claims);
        return input + "." + Base64Url.EncodeToString(signer(Encoding.ASCII.GetBytes(input)));
    }

    public static Func<byte[], byte[]> Hs256(byte[] key) => data => HMACSHA256.HashData(key, data);

    public static Func<byte[], byte[]> Rs256(RSA rsa) => data => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public static Func<byte[], byte[]> Es256(ECDsa ecdsa) => data => ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>The PEM of the public half.</summary>
    public static string PublicPem(AsymmetricAlgorithm key) => key.ExportSubjectPublicKeyInfoPem();
}
