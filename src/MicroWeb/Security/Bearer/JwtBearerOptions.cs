namespace MicroWeb;

/// <summary>
/// Settings of JWT bearer authentication (<see cref="JwtBearerExtensions.AddJwtBearer"/>): which issuer and audience a
/// token must name, how much clock skew is forgiven, and the keys its signature may be made with. Bound from
/// <c>Authentication:Bearer</c> first; the code given to <c>AddJwtBearer</c> runs after and may change anything.
/// </summary>
public sealed class JwtBearerOptions
{
    /// <summary>The <c>iss</c> every token must carry, compared ordinally; required (<c>Authentication:Bearer:Issuer</c>).</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience (<c>aud</c>, a string or one of an array's) every token must be for: this API; required (<c>Authentication:Bearer:Audience</c>).</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// How far <c>exp</c> and <c>nbf</c> may be off: issuer and API disagree a little about the time. Default 5 minutes,
    /// as for the authentication cookie (<c>Authentication:Bearer:ClockSkew</c>).
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The keys a token may be signed with, each for one algorithm only; at least one. A token's <c>kid</c> picks the
    /// key with that <see cref="JwtSigningKey.KeyId"/> (keys without an id serve tokens whose <c>kid</c> no key has).
    /// </summary>
    public IList<JwtSigningKey> SigningKeys { get; } = new List<JwtSigningKey>();
}
