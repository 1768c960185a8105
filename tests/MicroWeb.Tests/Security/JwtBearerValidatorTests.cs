using System.Security.Cryptography;
using System.Text;
using MicroWeb.Security.Bearer;
using static MicroWeb.Tests.Security.JwtBearerTokens;

namespace MicroWeb.Tests.Security;

/// <summary>The token validator on its own: each algorithm, each way a token can be wrong, and malformed input.</summary>
public sealed class JwtBearerValidatorTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] s_secret = RandomNumberGenerator.GetBytes(32);
    private RSA _rsa = null!;
    private ECDsa _ecdsa = null!;
    private JwtBearerValidator _validator = null!;

    [OneTimeSetUp]
    public void CreateKeys()
    {
        _rsa = RSA.Create(2048);
        _ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _validator = Validator(
            JwtSigningKey.Symmetric(s_secret, "hs"),
            JwtSigningKey.FromPem(PublicPem(_rsa), "rs"),
            JwtSigningKey.FromPem(PublicPem(_ecdsa), "es"));
    }

    [OneTimeTearDown]
    public void DisposeKeys()
    {
        _rsa.Dispose();
        _ecdsa.Dispose();
    }

    private static JwtBearerValidator Validator(params JwtSigningKey[] keys) => new(Issuer, Audience, TimeSpan.FromMinutes(5), keys);

    private string Token(string alg, string? kid, string? claims = null) => Sign(Header(alg, kid), claims ?? Claims(s_now), alg switch
    {
        "HS256" => Hs256(s_secret),
        "RS256" => Rs256(_rsa),
        _ => Es256(_ecdsa),
    });

    private (string? UserId, string Error) Validate(string token, DateTimeOffset? now = null, JwtBearerValidator? validator = null)
    {
        var user = (validator ?? _validator).Validate(token, now ?? s_now, out var error);
        return (user?.UserId, error);
    }

    [TestCase("HS256", "hs")]
    [TestCase("RS256", "rs")]
    [TestCase("ES256", "es")]
    public void JwtBearer_a_valid_token_of_each_algorithm_is_its_subject_with_its_string_claims(string alg, string kid)
    {
        var user = _validator.Validate(Token(alg, kid), s_now, out var error);

        Assert.That(user, Is.Not.Null, error);
        Assert.That((user!.UserId, user.IsAuthenticated, user.Claims["name"], user.Claims["role"], user.Claims["iss"], user.Claims.ContainsKey("exp")),
            Is.EqualTo(("ada", true, "Ada Lovelace", "admin", Issuer, false)));
    }

    [Test]
    public void JwtBearer_a_key_without_an_id_verifies_tokens_with_or_without_a_kid()
    {
        var validator = Validator(JwtSigningKey.Symmetric(s_secret));

        Assert.That((Validate(Token("HS256", null), validator: validator).UserId, Validate(Token("HS256", "any"), validator: validator).UserId),
            Is.EqualTo(("ada", "ada")));
    }

    [TestCase("HS256", "hs")]
    [TestCase("RS256", "rs")]
    [TestCase("ES256", "es")]
    public void JwtBearer_a_changed_claim_breaks_the_signature(string alg, string kid)
    {
        var parts = Token(alg, kid).Split('.');
        var forged = parts[0] + "." + Encode(Claims(s_now, sub: "root")) + "." + parts[2];

        Assert.That(Validate(forged), Is.EqualTo(((string?)null, "The signature is invalid.")));
    }

    [Test]
    public void JwtBearer_a_token_signed_with_another_secret_is_refused()
    {
        var token = Sign(Header("HS256", "hs"), Claims(s_now), Hs256(RandomNumberGenerator.GetBytes(32)));

        Assert.That(Validate(token), Is.EqualTo(((string?)null, "The signature is invalid.")));
    }

    [TestCase("none")]
    [TestCase("None")]
    [TestCase("NONE")]
    public void JwtBearer_alg_none_is_refused_with_or_without_a_signature(string alg)
    {
        var unsigned = Encode(Header(alg)) + "." + Encode(Claims(s_now)) + ".";
        var withSignature = unsigned + "c2lnbmF0dXJl";

        Assert.That((Validate(unsigned), Validate(withSignature)), Is.EqualTo((
            ((string?)null, "Unsigned tokens (alg none) are not accepted."),
            ((string?)null, "Unsigned tokens (alg none) are not accepted."))));
    }

    [Test]
    public void JwtBearer_HS256_keyed_with_the_RSA_public_key_is_refused()
    {
        // The classic confusion: the attacker knows the public key and makes an HMAC with its bytes as the secret.
        var pemBytes = Encoding.ASCII.GetBytes(PublicPem(_rsa));
        var derBytes = _rsa.ExportSubjectPublicKeyInfo();
        var viaPem = Sign(Header("HS256", "rs"), Claims(s_now), Hs256(pemBytes));
        var viaDer = Sign(Header("HS256", "rs"), Claims(s_now), Hs256(derBytes));
        var rsaOnly = Validator(JwtSigningKey.FromPem(PublicPem(_rsa)));

        Assert.That(new[] { Validate(viaPem), Validate(viaDer), Validate(viaPem, validator: rsaOnly) }, Is.All.EqualTo(((string?)null, "The token's algorithm is not accepted for its key.")));
    }

    [Test]
    public void JwtBearer_an_RS256_token_under_the_EC_key_id_is_refused()
    {
        Assert.That(Validate(Sign(Header("RS256", "es"), Claims(s_now), Rs256(_rsa))), Is.EqualTo(((string?)null, "The token's algorithm is not accepted for its key.")));
    }

    [TestCase("HS384")]
    [TestCase("RS512")]
    [TestCase("PS256")]
    public void JwtBearer_an_algorithm_no_key_has_is_refused(string alg)
    {
        Assert.That(Validate(Sign(Header(alg), Claims(s_now), Hs256(s_secret))).Error, Is.EqualTo("The token's algorithm is not accepted for its key."));
    }

    [Test]
    public void JwtBearer_an_unknown_kid_is_refused()
    {
        Assert.That(Validate(Token("HS256", "rotated-away")), Is.EqualTo(((string?)null, "The token's key id (kid) is unknown.")));
    }

    [Test]
    public void JwtBearer_expiry_is_forgiven_for_the_clock_skew_and_no_longer()
    {
        var token = Token("ES256", "es", Claims(s_now, expiresIn: TimeSpan.FromMinutes(-4)));

        Assert.That((Validate(token).UserId, Validate(token, s_now.AddMinutes(1).AddSeconds(1)).Error),
            Is.EqualTo(("ada", "The token has expired.")));
    }

    [Test]
    public void JwtBearer_without_skew_an_expired_token_is_refused_at_once()
    {
        var strict = new JwtBearerValidator(Issuer, Audience, TimeSpan.Zero, [JwtSigningKey.Symmetric(s_secret, "hs")]);
        var token = Token("HS256", "hs", Claims(s_now, expiresIn: TimeSpan.FromSeconds(-1)));

        Assert.That((Validate(token, validator: strict).Error, Validate(token, s_now.AddSeconds(-2), strict).UserId),
            Is.EqualTo(("The token has expired.", "ada")));
    }

    [Test]
    public void JwtBearer_not_before_is_forgiven_for_the_clock_skew_and_no_longer()
    {
        var soon = Token("RS256", "rs", Claims(s_now, notBeforeIn: TimeSpan.FromMinutes(4)));
        var later = Token("RS256", "rs", Claims(s_now, notBeforeIn: TimeSpan.FromMinutes(6)));
        var strict = new JwtBearerValidator(Issuer, Audience, TimeSpan.Zero, [JwtSigningKey.FromPem(PublicPem(_rsa), "rs")]);

        Assert.That((Validate(soon).UserId, Validate(later).Error, Validate(soon, validator: strict).Error),
            Is.EqualTo(("ada", "The token is not valid yet (nbf).", "The token is not valid yet (nbf).")));
    }

    [Test]
    public void JwtBearer_a_token_without_exp_is_refused()
    {
        var claims = $$"""{"sub":"ada","iss":"{{Issuer}}","aud":"{{Audience}}"}""";

        Assert.That(Validate(Token("HS256", "hs", claims)).Error, Is.EqualTo("The token has no expiry (exp)."));
    }

    [Test]
    public void JwtBearer_a_token_without_sub_is_refused()
    {
        var claims = $$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{s_now.AddMinutes(5).ToUnixTimeSeconds()}}}""";

        Assert.That(Validate(Token("HS256", "hs", claims)).Error, Is.EqualTo("The token has no subject (sub)."));
    }

    [TestCase("https://evil.test", Audience, "The token's issuer (iss) is not accepted.")]
    [TestCase("https://ISSUER.test", Audience, "The token's issuer (iss) is not accepted.")]
    [TestCase(Issuer, "api://other", "The token is not for this audience (aud).")]
    public void JwtBearer_a_wrong_issuer_or_audience_is_refused(string iss, string aud, string error)
    {
        Assert.That(Validate(Token("HS256", "hs", Claims(s_now, iss: iss, aud: aud))), Is.EqualTo(((string?)null, error)));
    }

    [Test]
    public void JwtBearer_an_audience_array_is_accepted_when_it_names_this_api()
    {
        var exp = s_now.AddMinutes(5).ToUnixTimeSeconds();
        var named = $$"""{"sub":"ada","iss":"{{Issuer}}","aud":["api://other","{{Audience}}"],"exp":{{exp}}}""";
        var notNamed = $$"""{"sub":"ada","iss":"{{Issuer}}","aud":["api://other"],"exp":{{exp}}}""";

        Assert.That((Validate(Token("HS256", "hs", named)).UserId, Validate(Token("HS256", "hs", notNamed)).Error),
            Is.EqualTo(("ada", "The token is not for this audience (aud).")));
    }

    [TestCase("""{"sub":"ada","sub":"root"}""", "The token's sub is repeated or of the wrong type.")]
    [TestCase("""{"sub":"ada","exp":"tomorrow"}""", "The token's exp is repeated or of the wrong type.")]
    [TestCase("""{"sub":"ada","role":"user","role":"admin"}""", "The token repeats a claim.")]
    [TestCase("""{"sub":"ada","aud":{"x":1}}""", "The token's aud is not a string or an array of strings.")]
    public void JwtBearer_ambiguous_claims_are_refused(string claims, string error)
    {
        Assert.That(Validate(Token("HS256", "hs", claims)).Error, Is.EqualTo(error));
    }

    [Test]
    public void JwtBearer_a_critical_header_extension_is_refused()
    {
        var token = Sign("""{"alg":"HS256","kid":"hs","crit":["exp"],"exp":1}""", Claims(s_now), Hs256(s_secret));

        Assert.That(Validate(token).Error, Is.EqualTo("The token's header has critical extensions (crit), which are not supported."));
    }

    [Test]
    public void JwtBearer_a_key_embedded_in_the_header_is_ignored()
    {
        // The attacker signs with their own key and offers it in the header (jwk): it must not be used.
        using var attacker = RSA.Create(2048);
        var jwk = attacker.ExportParameters(false);
        var header = $$$"""{"alg":"RS256","kid":"rs","jwk":{"kty":"RSA","n":"{{{System.Buffers.Text.Base64Url.EncodeToString(jwk.Modulus)}}}","e":"AQAB"}}""";

        Assert.That(Validate(Sign(header, Claims(s_now), Rs256(attacker))).Error, Is.EqualTo("The signature is invalid."));
    }

    [TestCase("", TestName = "JwtBearer_malformed: empty")]
    [TestCase("abc", TestName = "JwtBearer_malformed: one part")]
    [TestCase("a.b", TestName = "JwtBearer_malformed: two parts")]
    [TestCase("a.b.c.d.e", TestName = "JwtBearer_malformed: five parts (JWE)")]
    [TestCase(".e30.c2ln", TestName = "JwtBearer_malformed: empty header")]
    [TestCase("e30=.e30.c2ln", TestName = "JwtBearer_malformed: padding")]
    [TestCase("e3 0.e30.c2ln", TestName = "JwtBearer_malformed: white space")]
    [TestCase("e30+.e30.c2ln", TestName = "JwtBearer_malformed: base64 not base64url")]
    [TestCase("eyJhbGciOiJIUzI1NiJ9x.e30.c2ln", TestName = "JwtBearer_malformed: bad base64 length")]
    [TestCase("éé.e30.c2ln", TestName = "JwtBearer_malformed: non-ASCII")]
    public void JwtBearer_malformed_tokens_are_refused_without_throwing(string token)
    {
        var (userId, error) = Validate(token);

        Assert.That((userId, error), Is.EqualTo(((string?)null, "The token is not base64url-encoded.")).Or.EqualTo(((string?)null, "The token is not a signed JWT (header.payload.signature).")));
    }

    [TestCase("not json", TestName = "JwtBearer_non-JSON header")]
    [TestCase("[\"HS256\"]", TestName = "JwtBearer_an array header")]
    [TestCase("{\"alg\":\"HS256\"", TestName = "JwtBearer_a truncated header")]
    [TestCase("{\"alg\":\"HS256\"} {}", TestName = "JwtBearer_a header with a trailing value")]
    [TestCase("{\"alg\":1}", TestName = "JwtBearer_a numeric alg")]
    [TestCase("{\"alg\":\"HS256\",\"alg\":\"none\"}", TestName = "JwtBearer_a repeated alg")]
    [TestCase("{\"kid\":\"hs\"}", TestName = "JwtBearer_no alg")]
    public void JwtBearer_a_header_that_is_not_a_JOSE_object_is_refused(string header)
    {
        var token = Encode(header) + "." + Encode(Claims(s_now)) + ".c2ln";

        Assert.That(Validate(token).UserId, Is.Null);
        Assert.That(Validate(token).Error, Does.StartWith("The token"));
    }

    [Test]
    public void JwtBearer_a_deeply_nested_or_huge_token_is_refused_without_throwing()
    {
        var nested = Encode("{\"alg\":\"HS256\",\"x\":" + new string('[', 100) + new string(']', 100) + "}") + "." + Encode(Claims(s_now)) + ".c2ln";
        var huge = Encode("{\"alg\":\"HS256\",\"x\":\"" + new string('a', 20_000) + "\"}") + ".e30.c2ln";
        var claimsNotJson = Token("HS256", "hs", "not json");

        Assert.That(new[] { Validate(nested).Error, Validate(huge).Error, Validate(claimsNotJson).Error }, Is.EqualTo(new[]
        {
            "The token's header or claims are not a JSON object.",
            "The token is too long.",
            "The token's header or claims are not a JSON object.",
        }));
    }

    [Test]
    public void JwtBearer_random_garbage_never_throws()
    {
        var random = new Random(1234);
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ {}\"";
        var valid = Token("HS256", "hs");
        for (var i = 0; i < 2000; i++)
        {
            var chars = i % 2 == 0 ? valid.ToCharArray() : new char[random.Next(0, 200)];
            if (i % 2 == 0)
            {
                for (var flips = 0; flips < 3; flips++) chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }
            else
            {
                for (var c = 0; c < chars.Length; c++) chars[c] = alphabet[random.Next(alphabet.Length)];
            }

            var token = new string(chars);
            Assert.DoesNotThrow(() => Validate(token), token);
        }
    }

    [Test]
    public void JwtBearer_keys_refuse_what_they_cannot_verify_safely()
    {
        using var small = RSA.Create(1024);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Multiple(() =>
        {
            Assert.That(() => JwtSigningKey.Symmetric(new byte[16]), Throws.ArgumentException.With.Message.Contains("at least 32 bytes"));
            Assert.That(() => JwtSigningKey.FromPem(PublicPem(small)), Throws.ArgumentException.With.Message.Contains("2048 bits"));
            Assert.That(() => JwtSigningKey.FromPem(PublicPem(p384)), Throws.ArgumentException.With.Message.Contains("P-256"));
            Assert.That(() => JwtSigningKey.FromPem(_rsa.ExportPkcs8PrivateKeyPem()), Throws.ArgumentException.With.Message.Contains("private key"));
            Assert.That(() => JwtSigningKey.FromPem("no pem here"), Throws.ArgumentException);
            Assert.That(JwtSigningKey.FromPem(_rsa.ExportRSAPublicKeyPem()).Algorithm, Is.EqualTo("RS256"));
        });
    }

    [Test]
    public void JwtBearer_a_JWKS_yields_its_signing_keys_and_skips_the_rest()
    {
        var rsa = _rsa.ExportParameters(false);
        var ec = _ecdsa.ExportParameters(false);
        static string B(byte[]? bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
        var jwks = $$"""
            {"keys":[
              {"kty":"RSA","kid":"rs","use":"sig","alg":"RS256","n":"{{B(rsa.Modulus)}}","e":"{{B(rsa.Exponent)}}"},
              {"kty":"EC","kid":"es","crv":"P-256","x":"{{B(ec.Q.X)}}","y":"{{B(ec.Q.Y)}}"},
              {"kty":"oct","kid":"hs","k":"{{B(s_secret)}}"},
              {"kty":"RSA","kid":"enc","use":"enc","n":"{{B(rsa.Modulus)}}","e":"{{B(rsa.Exponent)}}"},
              {"kty":"RSA","kid":"ps","alg":"PS256","n":"{{B(rsa.Modulus)}}","e":"{{B(rsa.Exponent)}}"},
              {"kty":"OKP","kid":"ed","crv":"Ed25519","x":"AAAA"}
            ]}
            """;

        var keys = JwtSigningKey.FromJwks(jwks);
        var validator = Validator([.. keys]);

        Assert.That(keys.Select(k => (k.KeyId, k.Algorithm)), Is.EqualTo(new[] { ("rs", "RS256"), ("es", "ES256"), ("hs", "HS256") }));
        Assert.That(new[] { Validate(Token("RS256", "rs"), validator: validator).UserId, Validate(Token("ES256", "es"), validator: validator).UserId, Validate(Token("HS256", "hs"), validator: validator).UserId },
            Is.All.EqualTo("ada"));
        Assert.That(() => JwtSigningKey.FromJwks("""{"keys":[]}"""), Throws.TypeOf<FormatException>().With.Message.Contains("no signing key"));
        Assert.That(() => JwtSigningKey.FromJwks("""{"nokeys":1}"""), Throws.TypeOf<FormatException>());
        Assert.That(() => JwtSigningKey.FromJwks("""{"keys":[{"kty":"RSA","e":"AQAB"}]}"""), Throws.TypeOf<FormatException>().With.Message.Contains("\"n\""));
    }
}
