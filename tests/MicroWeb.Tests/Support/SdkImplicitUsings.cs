namespace MicroWeb.Tests.Support;

/// <summary>The global usings Microsoft.NET.Sdk adds with <c>&lt;ImplicitUsings&gt;enable&lt;/ImplicitUsings&gt;</c>, for code these tests compile with Roslyn.</summary>
internal static class SdkImplicitUsings
{
    public const string Source = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
