using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using MessageBoard.Controllers;
using MessageBoard.Data;
using MicroWeb;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MessageBoard.Api;

/// <summary>
/// The board as its own token issuer: HS256 JWTs (RFC 7519, RFC 7515) for <c>POST /api/tokens</c>, signed with the
/// first of <c>Authentication:Bearer:SigningKeys</c>, the key MicroWeb's bearer validation checks them with. The key
/// is a secret: give it in an environment variable (<c>MICROWEB_Authentication__Bearer__SigningKeys__0</c>) or on the
/// command line, never in appsettings.json. Without a key, bearer authentication is off and the API is cookie-only.
/// </summary>
/// <remarks>
/// MicroWeb validates tokens and issues none (an API normally trusts an identity provider); a board whose users sign
/// in with a password is its own identity provider, and issuing is a header, the claims and one HMAC, so it lives here.
/// </remarks>
public sealed class BoardTokens
{
    public const string KeySetting = "Authentication:Bearer:SigningKeys:0";

    public const string LifetimeSetting = "MessageBoard:Tokens:Lifetime";

    /// <summary>Used when <c>Authentication:Bearer:Issuer</c> / <c>:Audience</c> are not set: the board issues for itself.</summary>
    public const string DefaultIssuer = "messageboard";

    public const string DefaultAudience = "messageboard-api";

    private static readonly byte[] s_header = """{"alg":"HS256","typ":"JWT"}"""u8.ToArray();

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    private BoardTokens(byte[] key, string issuer, string audience, TimeSpan lifetime, TimeProvider time)
    {
        _key = key;
        Issuer = issuer;
        Audience = audience;
        Lifetime = lifetime;
        _time = time;
    }

    public string Issuer { get; }

    public string Audience { get; }

    /// <summary><c>MessageBoard:Tokens:Lifetime</c>, default one hour: a stolen token works this long at most, unless its user logs out (the security stamp).</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Turns bearer authentication on when a key is configured; null (and nothing registered) when not.</summary>
    public static BoardTokens? Add(MicroWebAppBuilder builder)
    {
        var configuration = builder.Configuration;
        if (configuration[KeySetting] is not { Length: > 0 } keyText) return null;
        var key = new byte[keyText.Length];
        if (!Convert.TryFromBase64String(keyText, key, out var length) || length < 32)
        {
            throw new BoardConfigurationException($"{KeySetting} is not a Base64 secret of 32 bytes or more: the board signs its tokens with HS256, so give one, e.g. the output of 'openssl rand -base64 32'.");
        }

        var issuer = configuration["Authentication:Bearer:Issuer"] is { Length: > 0 } i ? i : DefaultIssuer;
        var audience = configuration["Authentication:Bearer:Audience"] is { Length: > 0 } a ? a : DefaultAudience;
        var tokens = new BoardTokens(key[..length], issuer, audience, ReadLifetime(configuration), TimeProvider.System);
        CryptographicOperations.ZeroMemory(key);
        builder.Services.AddJwtBearer(options =>
        {
            options.Issuer = issuer;
            options.Audience = audience;
        });
        builder.Services.AddSingleton(tokens);
        return tokens;
    }

    /// <summary>A signed token for <paramref name="user"/>: <c>sub</c> is the user id, <c>stamp</c> the security stamp, checked on every request.</summary>
    public string Issue(UserAccount user)
    {
        var now = _time.GetUtcNow();
        var claims = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(claims))
        {
            writer.WriteStartObject();
            writer.WriteString("iss", Issuer);
            writer.WriteString("aud", Audience);
            writer.WriteString("sub", user.Id.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("name", user.Name);
            writer.WriteString(AccountController.SecurityStampClaim, user.SecurityStamp);
            writer.WriteNumber("iat", now.ToUnixTimeSeconds());
            writer.WriteNumber("exp", (now + Lifetime).ToUnixTimeSeconds());
            writer.WriteEndObject();
        }

        var signingInput = Base64Url(s_header) + "." + Base64Url(claims.WrittenSpan);
        var signature = HMACSHA256.HashData(_key, System.Text.Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static TimeSpan ReadLifetime(IConfiguration configuration)
    {
        if (configuration[LifetimeSetting] is not { Length: > 0 } text) return TimeSpan.FromHours(1);
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var lifetime) && lifetime >= TimeSpan.FromMinutes(1)
            ? lifetime
            : throw new BoardConfigurationException($"{LifetimeSetting} is '{text}', which is not a duration of a minute or more: set it as hh:mm:ss, e.g. 01:00:00.");
    }
}
