namespace MicroWeb.Tests.OpenApi.OtherNamespace;

/// <summary>Shares its name with <see cref="OpenApiTestApp.Item"/>, so the document must name the components apart.</summary>
public sealed class Item
{
    public string Label { get; set; } = "";
}
