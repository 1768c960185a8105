namespace MicroWeb.Templates;

/// <summary>Settings of a <see cref="TemplateEngine"/>.</summary>
public sealed class TemplateOptions
{
    /// <summary>The template folder, relative to the content root (or absolute). Default "templates".</summary>
    public string Root { get; set; } = "templates";

    /// <summary>
    /// Checks each template file's last-write time on every use and re-parses it when it changed, so edits show
    /// without a restart. Meant for development; off by default.
    /// </summary>
    public bool ReloadOnChange { get; set; }

    /// <summary>How many parsed templates to keep; the least recently used is dropped beyond it. Default 256.</summary>
    public int CacheCapacity { get; set; } = 256;

    /// <summary>How deeply partials and layouts may nest before rendering fails with a <see cref="TemplateException"/>. Default 32.</summary>
    public int MaxDepth { get; set; } = Template.DefaultMaxDepth;
}
