using System.Text;
using MicroWeb.Security;

namespace MicroWeb.Fuzz;

/// <summary>
/// Token decoding for the antiforgery, authentication and flash cookies: <see cref="DataProtector.Unprotect"/> of an
/// arbitrary string, and <see cref="AuthenticationTicket.Deserialize"/> of arbitrary bytes (the payload an attacker
/// would need the key to produce, decoded as if they had it). Contract: a token that is not ours is null, never an
/// exception; a protected payload round-trips.
/// </summary>
public static class SecurityTarget
{
    // Two keys, so the key-id lookup and the legacy (no id) path are both reached.
    private static readonly DataProtector Protector = new(new KeyRing([new byte[32], Enumerable.Repeat((byte)1, 32).ToArray()]), "fuzz");

    public static void Run(byte[] input)
    {
        Protector.Unprotect(Encoding.UTF8.GetString(input));
        Protector.Unprotect(Encoding.Latin1.GetString(input));
        AuthenticationTicket.Deserialize(input);
        var roundTrip = Protector.Unprotect(Protector.Protect(input));
        if (roundTrip is null || !roundTrip.AsSpan().SequenceEqual(input)) throw new FuzzInvariantException("a protected payload did not round-trip");
    }
}
