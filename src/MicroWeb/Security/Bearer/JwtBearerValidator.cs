using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace MicroWeb.Security.Bearer;

/// <summary>
/// Validates a JWS compact serialization (RFC 7515 §7.1) as a JWT (RFC 7519) with the BCL alone: the header's
/// <c>alg</c> must be the algorithm of the key its <c>kid</c> selects (never <c>none</c>), the signature must verify,
/// then the issuer, the audience and the lifetime (<c>exp</c> required, <c>nbf</c> when present, each with the clock
/// skew) are checked. Keys are never taken from the token (<c>jwk</c>, <c>jku</c>, <c>x5u</c>, <c>x5c</c> are ignored).
/// Anything malformed is a refusal with a fixed description, never an exception: a client's token is client input.
/// </summary>
internal sealed class JwtBearerValidator(string issuer, string audience, TimeSpan clockSkew, IReadOnlyList<JwtSigningKey> keys)
{
    /// <summary>
    /// Far above a real token (an RS256 token with a dozen claims is under 1 KiB), so a huge Authorization header
    /// costs a length check, not a decode and a JSON parse.
    /// </summary>
    public const int MaxTokenLength = 16 * 1024;

    private static readonly SearchValues<char> s_base64Url = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    private static readonly JsonReaderOptions s_json = new() { MaxDepth = 16 };

    public TimeSpan ClockSkew => clockSkew;

    public IReadOnlyList<JwtSigningKey> Keys => keys;

    /// <summary>The token's user, or null with <paramref name="error"/> saying why it was refused (for <c>error_description</c>).</summary>
    public User? Validate(string token, DateTimeOffset now, out string error)
    {
        var rented = token.Length <= MaxTokenLength ? ArrayPool<byte>.Shared.Rent(token.Length * 2) : null;
        try
        {
            return rented is null ? Fail("The token is too long.", out error) : Validate(token, now, rented, out error);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8, which the reader finds only when asked for it.
            return Fail("The token's header or claims are not a JSON object.", out error);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private User? Validate(string token, DateTimeOffset now, byte[] buffer, out string error)
    {
        var first = token.IndexOf('.');
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.IndexOf('.', second + 1) >= 0) return Fail("The token is not a signed JWT (header.payload.signature).", out error);
        var span = token.AsSpan();
        // The signing input is the token's ASCII up to the second dot; the decoded parts follow it in the same buffer.
        var signingInput = buffer.AsSpan(0, Encoding.ASCII.GetBytes(span[..second], buffer));
        var free = buffer.AsSpan(second);
        if (!TryDecode(span[..first], ref free, out var header) || !TryDecode(span[(first + 1)..second], ref free, out var payload)
            || !TryDecode(span[(second + 1)..], ref free, out var signature))
            return Fail("The token is not base64url-encoded.", out error);

        if (!TryReadHeader(header, out var alg, out var kid, out error)) return null;
        if (alg is null) return Fail("The token's header has no alg.", out error);
        if (alg.Equals("none", StringComparison.OrdinalIgnoreCase)) return Fail("Unsigned tokens (alg none) are not accepted.", out error);
        if (signature.IsEmpty) return Fail("The token has no signature.", out error);
        if (!Verify(alg, kid, signingInput, signature, out error)) return null;
        return ReadClaims(payload, now, out error);
    }

    private bool Verify(string alg, string? kid, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature, out string error)
    {
        var algorithmKnown = false;
        var kidKnown = false;
        var unnamedKeys = false;
        if (kid is not null)
        {
            foreach (var key in keys)
            {
                if (key.KeyId != kid) continue;
                kidKnown = true;
                if (key.Algorithm != alg) continue;
                algorithmKnown = true;
                if (key.Verify(signingInput, signature)) return Pass(out error);
            }
        }
        // Keys configured without an id serve tokens without one, or with an id no key has.
        if (!kidKnown)
        {
            foreach (var key in keys)
            {
                if (key.KeyId is not null) continue;
                unnamedKeys = true;
                if (key.Algorithm != alg) continue;
                algorithmKnown = true;
                if (key.Verify(signingInput, signature)) return Pass(out error);
            }
        }

        error = algorithmKnown ? "The signature is invalid."
            : kid is not null && !kidKnown && !unnamedKeys ? "The token's key id (kid) is unknown."
            : "The token's algorithm is not accepted for its key.";
        return false;
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> json, out string? alg, out string? kid, out string error)
    {
        alg = null;
        kid = null;
        var reader = new Utf8JsonReader(json, s_json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Fail("The token's header is not a JSON object.", out error, false);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("alg"u8))
            {
                if (alg is not null || !TryReadString(ref reader, out alg)) return Fail("The token's alg is repeated or not a string.", out error, false);
            }
            else if (reader.ValueTextEquals("kid"u8))
            {
                if (kid is not null || !TryReadString(ref reader, out kid)) return Fail("The token's kid is repeated or not a string.", out error, false);
            }
            else if (reader.ValueTextEquals("crit"u8))
            {
                // RFC 7515 §4.1.11: extensions the recipient must understand; this validator understands none.
                return Fail("The token's header has critical extensions (crit), which are not supported.", out error, false);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return EndOfObject(ref reader) ? Pass(out error) : Fail("The token's header is not a JSON object.", out error, false);
    }

    private User? ReadClaims(ReadOnlySpan<byte> json, DateTimeOffset now, out string error)
    {
        string? subject = null;
        string? tokenIssuer = null;
        var audienceMatches = false;
        var audienceSeen = false;
        double? expires = null;
        double? notBefore = null;
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, s_json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Fail("The token's claims are not a JSON object.", out error);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "sub" when subject is null && reader.TokenType == JsonTokenType.String:
                    subject = reader.GetString();
                    break;
                case "exp" when expires is null && reader.TokenType == JsonTokenType.Number:
                    expires = reader.GetDouble();
                    break;
                case "nbf" when notBefore is null && reader.TokenType == JsonTokenType.Number:
                    notBefore = reader.GetDouble();
                    break;
                case "aud" when !audienceSeen:
                    audienceSeen = true;
                    if (!TryMatchAudience(ref reader, out audienceMatches)) return Fail("The token's aud is not a string or an array of strings.", out error);
                    break;
                case "sub" or "exp" or "nbf" or "aud":
                    // RFC 7519 §4: a duplicate, or a registered claim of the wrong type, makes the token ambiguous.
                    return Fail($"The token's {name} is repeated or of the wrong type.", out error);
                default:
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        if (name == "iss") tokenIssuer = reader.GetString();
                        if (!claims.TryAdd(name, reader.GetString()!)) return Fail("The token repeats a claim.", out error);
                    }
                    else reader.Skip();
                    break;
            }
        }

        if (!EndOfObject(ref reader)) return Fail("The token's claims are not a JSON object.", out error);
        if (tokenIssuer != issuer) return Fail("The token's issuer (iss) is not accepted.", out error);
        if (!audienceMatches) return Fail("The token is not for this audience (aud).", out error);
        var seconds = now.ToUnixTimeMilliseconds() / 1000.0;
        var skew = clockSkew.TotalSeconds;
        if (expires is null) return Fail("The token has no expiry (exp).", out error);
        if (seconds >= expires + skew) return Fail("The token has expired.", out error);
        if (notBefore is not null && seconds + skew < notBefore) return Fail("The token is not valid yet (nbf).", out error);
        if (string.IsNullOrEmpty(subject)) return Fail("The token has no subject (sub).", out error);
        error = "";
        return new User(subject, claims);
    }

    private bool TryMatchAudience(ref Utf8JsonReader reader, out bool matches)
    {
        matches = false;
        if (reader.TokenType == JsonTokenType.String)
        {
            matches = reader.ValueTextEquals(audience);
            return true;
        }
        if (reader.TokenType != JsonTokenType.StartArray) return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.String) matches |= reader.ValueTextEquals(audience);
        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool TryReadString(ref Utf8JsonReader reader, out string? value)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null;
    }

    /// <summary>The object's closing brace with nothing after it (a trailing value makes the reader throw).</summary>
    private static bool EndOfObject(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.EndObject && !reader.Read();

    /// <summary>
    /// Base64url without padding or white space (RFC 7515 §2), which the decoder would otherwise accept, so one token
    /// has one spelling; decoded into the front of <paramref name="free"/>.
    /// </summary>
    private static bool TryDecode(ReadOnlySpan<char> text, ref Span<byte> free, out ReadOnlySpan<byte> decoded)
    {
        decoded = default;
        if (text.ContainsAnyExcept(s_base64Url)) return false;
        if (Base64Url.DecodeFromChars(text, free, out _, out var written) != OperationStatus.Done) return false;
        decoded = free[..written];
        free = free[written..];
        return true;
    }

    private static User? Fail(string message, out string error)
    {
        error = message;
        return null;
    }

    private static bool Fail(string message, out string error, bool result)
    {
        error = message;
        return result;
    }

    private static bool Pass(out string error)
    {
        error = "";
        return true;
    }
}
