using System.Text;

namespace MicroWeb.Security;

/// <summary>
/// What the authentication cookie carries, before protection: user id, claims, the original sign-in instant (which
/// caps sliding renewal), and this cookie's issued and expiry instants (UTC). Binary: version byte, issued, expires
/// and signed-in as UTC ticks, then length-prefixed UTF-8 strings (id, claim count, pairs). Version 1, written
/// before the sign-in instant was kept, lacks it; it reads with the issued instant in its place.
/// </summary>
internal sealed record AuthenticationTicket(string UserId, IReadOnlyDictionary<string, string> Claims, DateTimeOffset SignedIn, DateTimeOffset Issued, DateTimeOffset Expires)
{
    private const byte LegacyVersion = 1;
    private const byte FormatVersion = 2;

    /// <summary>At most this many claims are read back, so a forged count cannot make the reader loop for long.</summary>
    private const int MaxClaims = 1024;

    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(Issued.UtcTicks);
            writer.Write(Expires.UtcTicks);
            writer.Write(SignedIn.UtcTicks);
            writer.Write(UserId);
            writer.Write(Claims.Count);
            foreach (var (name, value) in Claims)
            {
                writer.Write(name);
                writer.Write(value);
            }
        }

        return stream.ToArray();
    }

    /// <summary>The ticket in <paramref name="data"/>, or null when it is not one this or the previous version wrote.</summary>
    public static AuthenticationTicket? Deserialize(byte[] data)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
            var version = reader.ReadByte();
            if (version is not (FormatVersion or LegacyVersion)) return null;
            var issued = Instant(reader.ReadInt64());
            var expires = Instant(reader.ReadInt64());
            var signedIn = version == FormatVersion ? Instant(reader.ReadInt64()) : issued;
            var userId = reader.ReadString();
            var count = reader.ReadInt32();
            if (count is < 0 or > MaxClaims) return null;
            var claims = new Dictionary<string, string>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                claims[reader.ReadString()] = reader.ReadString();
            }

            return reader.BaseStream.Position == data.Length ? new AuthenticationTicket(userId, claims, signedIn, issued, expires) : null;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Ticks out of range throw <see cref="ArgumentOutOfRangeException"/>, an <see cref="ArgumentException"/>: not a ticket.</summary>
    private static DateTimeOffset Instant(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
