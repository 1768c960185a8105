using Microsoft.CodeAnalysis;

namespace MicroWeb.Generators.Templates;

/// <summary>The compiled templates' diagnostics, MW2001…; docs/aot.md lists them.</summary>
internal static class TemplateDiagnostics
{
    private const string Category = "MicroWeb.Templates";

    public static readonly DiagnosticDescriptor UnknownName = new(
        "MW2001", "Unknown name in template", "'{0}' is not a member of {1} or of any enclosing section's type{2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingPartial = new(
        "MW2002", "Partial not found", "Partial '{0}' is not a template file (AdditionalFiles under templates/)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingLayout = new(
        "MW2003", "Layout not found", "Layout '{0}' is not a template file (AdditionalFiles under templates/)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SyntaxError = new(
        "MW2004", "Template syntax error", "{0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Unsupported = new(
        "MW2005", "Not supported in compiled templates", "{0} is not supported in compiled templates — use the runtime engine (View(name, model)) for this view",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingTemplate = new(
        "MW2006", "Template file not found", "Template '{0}' is not a template file (AdditionalFiles under templates/; the MicroWeb package adds templates/**/*.html)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotPartial = new(
        "MW2007", "Compiled view type must be a partial class", "'{0}' has [Template] but is not a non-generic, non-abstract partial class in partial classes",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
