using System.Globalization;
using System.Threading.RateLimiting;
using MessageBoard.Data;
using MicroWeb;
using Microsoft.Extensions.Configuration;

namespace MessageBoard;

/// <summary>
/// Throttles guessing passwords and creating accounts (issue 17): login and registration attempts share two budgets,
/// one per client address (<c>MessageBoard:RateLimits:PerAddress</c>, default 20 a minute) and one per user name
/// (<c>MessageBoard:RateLimits:PerName</c>, default 5 a minute), each with <c>PermitLimit</c> and <c>Window</c>. The
/// name budget stops a slow, distributed guess at one account; the address budget stops one client trying many names,
/// and since every attempt costs a PBKDF2 hash, both keep the server's CPU for its users.
/// </summary>
public static class AccountRateLimits
{
    /// <summary>The policy per client address (after forwarded headers: a trusted proxy's X-Forwarded-For).</summary>
    public const string PerAddress = "account-per-address";

    /// <summary>The policy per user name, as posted in the form's <c>username</c> field.</summary>
    public const string PerName = "account-per-name";

    public static void Add(MicroWebAppBuilder builder)
    {
        var perAddress = Window(builder.Configuration, "MessageBoard:RateLimits:PerAddress", 20);
        var perName = Window(builder.Configuration, "MessageBoard:RateLimits:PerName", 5);
        builder.Services.AddRateLimiter(options =>
        {
            options.AddFixedWindowLimiter(PerAddress, o =>
            {
                o.PermitLimit = perAddress.PermitLimit;
                o.Window = perAddress.Window;
            }, RateLimitPartitionBy.ClientAddress);
            // The name is in the posted form, so this partitioner awaits the form; the action then binds from the same copy.
            options.AddPolicy(PerName, async (context, cancellationToken) =>
                RateLimitPartition.GetFixedWindowLimiter(await NameKeyAsync(context, cancellationToken), _ => perName));
            options.OnRejected = WriteTooManyAttemptsAsync;
        });
    }

    /// <summary>
    /// The name as the stores compare it (case-insensitively); a name no account can have (longer than 20 characters,
    /// or none) falls into one shared partition rather than one per junk value.
    /// </summary>
    private static async Task<string> NameKeyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType) return "";
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var name = form["username"].ToString().Trim();
        return name.Length is > 0 and <= 20 ? name.ToLowerInvariant() : "";
    }

    /// <summary>A plain, readable answer with the wait; the status (429) and Retry-After are already set.</summary>
    private static async ValueTask WriteTooManyAttemptsAsync(RateLimitRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        var wait = response.Headers["Retry-After"].ToString() is { Length: > 0 } seconds ? $"{seconds} seconds" : "a minute";
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync($"Too many attempts. Wait {wait}, then try again.", cancellationToken);
    }

    private static FixedWindowRateLimiterOptions Window(IConfiguration configuration, string section, int defaultPermits)
    {
        var permitText = configuration[section + ":PermitLimit"];
        var windowText = configuration[section + ":Window"];
        var permits = defaultPermits;
        var window = TimeSpan.FromMinutes(1);
        if (permitText is { Length: > 0 } && (!int.TryParse(permitText, NumberStyles.None, CultureInfo.InvariantCulture, out permits) || permits <= 0))
        {
            throw new BoardConfigurationException($"{section}:PermitLimit is '{permitText}', which is not a positive whole number: set it to the attempts allowed per window, e.g. {defaultPermits}.");
        }
        if (windowText is { Length: > 0 } && (!TimeSpan.TryParse(windowText, CultureInfo.InvariantCulture, out window) || window <= TimeSpan.Zero))
        {
            throw new BoardConfigurationException($"{section}:Window is '{windowText}', which is not a positive duration: set it as hh:mm:ss, e.g. 00:01:00.");
        }
        return new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window };
    }
}
