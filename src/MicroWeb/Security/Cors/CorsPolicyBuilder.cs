namespace MicroWeb;

/// <summary>
/// Describes one CORS policy (Fetch standard §3.2, the CORS protocol) for <see cref="CorsOptions.AddPolicy"/>. Nothing is
/// allowed until a method says so; the policy is checked when it is added.
/// </summary>
public sealed class CorsPolicyBuilder
{
    internal CorsPolicyBuilder()
    {
    }

    internal List<string> Origins { get; } = [];

    internal bool AnyOrigin { get; private set; }

    internal List<string> Methods { get; } = [];

    internal bool AnyMethod { get; private set; }

    internal List<string> Headers { get; } = [];

    internal bool AnyHeader { get; private set; }

    internal List<string> ExposedHeaders { get; } = [];

    internal bool Credentials { get; private set; }

    internal TimeSpan? PreflightMaxAge { get; private set; }

    /// <summary>
    /// The origins allowed to read responses, each <c>scheme://host[:port]</c> (no path, no trailing slash). Compared as
    /// origins: scheme and host in any case, a default port (80, 443) written or not.
    /// </summary>
    public CorsPolicyBuilder WithOrigins(params string[] origins)
    {
        ArgumentNullException.ThrowIfNull(origins);
        Origins.AddRange(origins);
        return this;
    }

    /// <summary>Any origin may read responses (<c>Access-Control-Allow-Origin: *</c>); not with <see cref="AllowCredentials"/>.</summary>
    public CorsPolicyBuilder AllowAnyOrigin()
    {
        AnyOrigin = true;
        return this;
    }

    /// <summary>The methods a preflight allows (<c>Access-Control-Allow-Methods</c>); GET, HEAD and POST need no preflight.</summary>
    public CorsPolicyBuilder WithMethods(params string[] methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        Methods.AddRange(methods);
        return this;
    }

    /// <summary>Any method: <c>*</c>, or the requested method echoed when credentials are allowed (where <c>*</c> is a plain name).</summary>
    public CorsPolicyBuilder AllowAnyMethod()
    {
        AnyMethod = true;
        return this;
    }

    /// <summary>The request headers a preflight allows (<c>Access-Control-Allow-Headers</c>), beyond the CORS-safelisted ones.</summary>
    public CorsPolicyBuilder WithHeaders(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Headers.AddRange(headers);
        return this;
    }

    /// <summary>Any request header: <c>*</c>, or the requested headers echoed when credentials are allowed.</summary>
    public CorsPolicyBuilder AllowAnyHeader()
    {
        AnyHeader = true;
        return this;
    }

    /// <summary>Response headers a script may read beyond the CORS-safelisted ones (<c>Access-Control-Expose-Headers</c>).</summary>
    public CorsPolicyBuilder WithExposedHeaders(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ExposedHeaders.AddRange(headers);
        return this;
    }

    /// <summary>
    /// Requests may carry cookies and see responses to them (<c>Access-Control-Allow-Credentials: true</c>); the exact
    /// origin is then echoed, never <c>*</c>.
    /// </summary>
    public CorsPolicyBuilder AllowCredentials()
    {
        Credentials = true;
        return this;
    }

    /// <summary>How long a browser may cache a preflight answer (<c>Access-Control-Max-Age</c>, whole seconds; browsers cap it, Chromium at 2 hours).</summary>
    public CorsPolicyBuilder SetPreflightMaxAge(TimeSpan maxAge)
    {
        PreflightMaxAge = maxAge;
        return this;
    }
}
