using System.Text;

namespace MicroWeb.Security;

/// <summary>
/// What the authentication cookie carries, before protection: user id, claims, issued and expiry instants (UTC).
/// Binary: version byte, issued and expires as UTC ticks, then length-prefixed UTF-8 strings (id, claim count, pairs).
/// </summary>
internal sealed record AuthenticationTicket(string UserId, IReadOnlyDictionary<string, string> Claims, DateTimeOffset Issued, DateTimeOffset Expires)
{
    private const byte FormatVersion = 1;

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

    /// <summary>The ticket in <paramref name="data"/>, or null when it is not one this version wrote.</summary>
    public static AuthenticationTicket? Deserialize(byte[] data)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
            if (reader.ReadByte() != FormatVersion) return null;
            var issued = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var expires = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var userId = reader.ReadString();
            var count = reader.ReadInt32();
            if (count is < 0 or > MaxClaims) return null;
            var claims = new Dictionary<string, string>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                claims[reader.ReadString()] = reader.ReadString();
            }

            return reader.BaseStream.Position == data.Length ? new AuthenticationTicket(userId, claims, issued, expires) : null;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException or DecoderFallbackException)
        {
            return null;
        }
    }
}
