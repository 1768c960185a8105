using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MicroWeb.Security;

/// <summary>
/// Encrypts and signs small payloads (cookies) so the client can carry them but neither read nor alter
/// them: AES-256-CBC, then HMAC-SHA256 over version, key id, IV and ciphertext (encrypt-then-MAC). Keys for each
/// purpose are derived from each master key of the <see cref="KeyRing"/> with HKDF, so a cookie for one purpose
/// never verifies for another. The ring's first key protects; the key id in the token picks the key that
/// unprotects, so a token made before a rotation still reads and no key is tried that did not make it.
/// </summary>
/// <remarks>
/// Token layout (then Base64url): version 2, key id (4 bytes, big-endian), IV (16), ciphertext, MAC (32). Version 1,
/// written before key rotation, has no key id; such a token is checked against each key's MAC in turn, which costs one
/// HMAC per key in the ring and only for cookies older than the upgrade.
/// </remarks>
internal sealed class DataProtector
{
    private const byte LegacyVersion = 1;
    private const byte FormatVersion = 2;
    private const int KeyIdSize = 4;
    private const int IvSize = 16;
    private const int MacSize = 32;
    private const int MinCipherSize = 16;

    private readonly DerivedKey[] _keys;

    public DataProtector(KeyRing ring, string purpose)
    {
        var info = Encoding.UTF8.GetBytes("MicroWeb:" + purpose);
        _keys = new DerivedKey[ring.Keys.Count];
        for (var i = 0; i < _keys.Length; i++)
        {
            var master = ring.Keys[i].Material;
            _keys[i] = new DerivedKey(
                ring.Keys[i].Id,
                HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, salt: "enc"u8.ToArray(), info: info),
                HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, salt: "mac"u8.ToArray(), info: info));
        }
    }

    /// <summary>Returns a URL-safe token carrying <paramref name="payload"/>, made with the ring's first key.</summary>
    public string Protect(ReadOnlySpan<byte> payload)
    {
        var key = _keys[0];
        using var aes = Aes.Create();
        aes.Key = key.Encryption;
        var iv = RandomNumberGenerator.GetBytes(IvSize);
        var cipher = aes.EncryptCbc(payload, iv);

        const int header = 1 + KeyIdSize;
        var token = new byte[header + IvSize + cipher.Length + MacSize];
        token[0] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(token.AsSpan(1), key.Id);
        iv.CopyTo(token, header);
        cipher.CopyTo(token, header + IvSize);
        HMACSHA256.HashData(key.Mac, token.AsSpan(0, token.Length - MacSize), token.AsSpan(token.Length - MacSize));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>
    /// Recovers the payload, or null when the token was tampered with, truncated, or made with another purpose or with
    /// a key that is not (or no longer) in the ring.
    /// </summary>
    public byte[]? Unprotect(string token)
    {
        // The OperationStatus overload reports a character outside the alphabet instead of throwing, so a
        // tampered cookie costs no exception: it is simply no cookie.
        var buffer = new byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (Base64Url.DecodeFromChars(token, buffer, out _, out var written) != OperationStatus.Done) return null;
        ReadOnlySpan<byte> data = buffer.AsSpan(0, written);
        if (data.Length == 0) return null;

        int header;
        uint? keyId;
        switch (data[0])
        {
            case FormatVersion:
                header = 1 + KeyIdSize;
                if (data.Length < header + IvSize + MinCipherSize + MacSize) return null;
                keyId = BinaryPrimitives.ReadUInt32BigEndian(data[1..]);
                break;
            case LegacyVersion:
                header = 1;
                if (data.Length < header + IvSize + MinCipherSize + MacSize) return null;
                keyId = null;
                break;
            default:
                return null;
        }

        Span<byte> expected = stackalloc byte[MacSize];
        foreach (var key in _keys)
        {
            // Two keys with the same id (one chance in 2^32) only cost a second MAC, never a wrong answer.
            if (keyId is { } wanted && key.Id != wanted) continue;
            HMACSHA256.HashData(key.Mac, data[..^MacSize], expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, data[^MacSize..])) continue;

            using var aes = Aes.Create();
            aes.Key = key.Encryption;
            try
            {
                return aes.DecryptCbc(data[(header + IvSize)..^MacSize], data.Slice(header, IvSize));
            }
            catch (CryptographicException)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>The purpose's encryption and MAC keys derived from one master key, and that key's id.</summary>
    private sealed record DerivedKey(uint Id, byte[] Encryption, byte[] Mac);
}
