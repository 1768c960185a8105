using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MicroWeb.Hosting.HealthChecks;

/// <summary>
/// Answers a health request: runs the selected checks through <see cref="HealthCheckService"/> (which times and
/// logs them), then 200 for Healthy or Degraded and 503 for Unhealthy, as plain text or, when the client asks for
/// JSON, with one entry per check. Never cached (RFC 9111 §5.2.2.5).
/// </summary>
internal sealed class HealthCheckEndpoint(HealthCheckService checks, AppLifetimeState lifetime, HealthCheckEndpointOptions options)
{
    private readonly Func<HealthCheckRegistration, bool>? _predicate = options.Predicate;
    private readonly bool _failWhenStopping = options.FailWhenStopping;

    public async Task InvokeAsync(HttpContext context)
    {
        var report = await checks.CheckHealthAsync(_predicate, context.RequestAborted).ConfigureAwait(false);
        var status = _failWhenStopping && lifetime.IsStopping ? HealthStatus.Unhealthy : report.Status;
        var response = context.Response;
        response.StatusCode = status == HealthStatus.Unhealthy ? 503 : 200;
        response.Headers["Cache-Control"] = "no-store";
        if (WantsJson(context.Request))
        {
            response.ContentType = "application/json";
            await response.WriteAsync(Json(report, status, stopping: status != report.Status), context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(status.ToString(), context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Headers["Accept"].ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    // A check's exception is logged by HealthCheckService; only its type is shown, so an open health endpoint
    // does not hand out connection strings or stack traces.
    private static string Json(HealthReport report, HealthStatus status, bool stopping)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", status.ToString());
            if (stopping) json.WriteString("description", "The app is stopping.");
            json.WriteString("totalDuration", report.TotalDuration.ToString("c", CultureInfo.InvariantCulture));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                var description = entry.Exception is { } exception ? $"The check threw {exception.GetType().Name}." : entry.Description;
                if (description is not null) json.WriteString("description", description);
                json.WriteString("duration", entry.Duration.ToString("c", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
