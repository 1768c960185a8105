// Members of an NUnit test class; Csrf pulls the __csrf field's value out of a form.
using NUnit.Framework;

[TestFixture]
public sealed class DocsTests
{
    private static string Csrf(string html) => html;

    /*snippet*/
}
