namespace MicroWeb.Tests;

public class SmokeTests
{
    [Test]
    public void Bad_request_exception_keeps_its_status() =>
        Assert.That(new BadHttpRequestException("x", 431).StatusCode, Is.EqualTo(431));
}
