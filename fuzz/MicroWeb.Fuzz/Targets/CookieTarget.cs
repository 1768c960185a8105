using System.Text;
using Microsoft.Extensions.Primitives;
using MicroWeb.Http.Cookies;

namespace MicroWeb.Fuzz;

/// <summary>
/// <see cref="RequestCookieParser.Parse"/> over arbitrary Cookie headers (one per input line). Contract: it never throws;
/// a pair it cannot read is skipped; every name it returns is non-empty.
/// </summary>
public static class CookieTarget
{
    public static void Run(byte[] input)
    {
        var headers = Encoding.Latin1.GetString(input).Split('\n');
        var cookies = RequestCookieParser.Parse(new StringValues(headers));
        foreach (var (name, value) in cookies)
        {
            if (string.IsNullOrEmpty(name)) throw new FuzzInvariantException("a cookie with an empty name");
            if (value is null) throw new FuzzInvariantException($"cookie '{name}' has a null value");
        }
    }
}
