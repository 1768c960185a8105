using System.Text.Json;

namespace MicroWeb.OpenApi;

/// <summary>How the document itself is written: indented, for people reading it; it is serialized once.</summary>
internal static class OpenApiJson
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
