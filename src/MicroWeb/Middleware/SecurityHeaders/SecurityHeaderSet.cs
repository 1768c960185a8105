using MicroWeb.Http;
using MicroWeb.Middleware.Hsts;

namespace MicroWeb.Middleware.SecurityHeaders;

/// <summary>The names and values <see cref="SecurityHeadersOptions"/> asks for, checked and made once at startup.</summary>
internal sealed class SecurityHeaderSet
{
    private SecurityHeaderSet(string[] names, string[] values, HstsHeader? hsts)
    {
        Names = names;
        Values = values;
        Hsts = hsts;
    }

    public string[] Names { get; }

    public string[] Values { get; }

    public HstsHeader? Hsts { get; }

    /// <exception cref="InvalidOperationException">A value is empty or cannot be sent; the message names its option.</exception>
    public static SecurityHeaderSet Create(SecurityHeadersOptions options)
    {
        var names = new List<string>(4);
        var values = new List<string>(4);
        if (options.ContentTypeOptions) Add("X-Content-Type-Options", "nosniff", nameof(options.ContentTypeOptions));
        if (options.FrameOptions is { } frame) Add("X-Frame-Options", frame, nameof(options.FrameOptions));
        if (options.ContentSecurityPolicy is { } csp)
        {
            // CSP Level 3 §3.2: the report-only header takes the same policy and only reports.
            var name = options.ContentSecurityPolicyReportOnly ? "Content-Security-Policy-Report-Only" : "Content-Security-Policy";
            Add(name, csp, nameof(options.ContentSecurityPolicy));
        }
        if (options.ReferrerPolicy is { } referrer) Add("Referrer-Policy", referrer, nameof(options.ReferrerPolicy));
        HstsHeader? hsts = null;
        if (options.Hsts is { } hstsOptions)
        {
            HstsOptionsBinder.Validate(hstsOptions);
            hsts = new HstsHeader(hstsOptions);
        }
        return new SecurityHeaderSet([.. names], [.. values], hsts);

        void Add(string name, string value, string option)
        {
            if (string.IsNullOrWhiteSpace(value) || !HeaderGrammar.IsSendableFieldValue(value))
                throw new InvalidOperationException(
                    $"SecurityHeadersOptions.{option} is '{value}', which cannot be sent as {name}: give a non-empty value of printable ASCII, or null to leave the header out.");
            names.Add(name);
            values.Add(value.Trim());
        }
    }
}
