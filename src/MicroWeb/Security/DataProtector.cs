using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MicroWeb.Security;

/// <summary>
/// Encrypts and signs small payloads (cookies) so the client can carry them but neither read nor alter
/// them: AES-256-CBC, then HMAC-SHA256 over version, IV and ciphertext (encrypt-then-MAC). Keys for each
/// purpose are derived from one master key with HKDF, so a cookie for one purpose never verifies for another.
/// </summary>
internal sealed class DataProtector
{
    private const byte FormatVersion = 1;
    private const int IvSize = 16;
    private const int MacSize = 32;

    private readonly byte[] _encryptionKey;
    private readonly byte[] _macKey;

    public DataProtector(ReadOnlySpan<byte> masterKey, string purpose)
    {
        if (masterKey.Length < 32) throw new ArgumentException("The master key must be at least 32 bytes.", nameof(masterKey));
        var info = Encoding.UTF8.GetBytes("MicroWeb:" + purpose);
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.ToArray(), 32, salt: "enc"u8.ToArray(), info: info);
        _macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.ToArray(), 32, salt: "mac"u8.ToArray(), info: info);
    }

    /// <summary>Returns a URL-safe token carrying <paramref name="payload"/>.</summary>
    public string Protect(ReadOnlySpan<byte> payload)
    {
        using var aes = Aes.Create();
        aes.Key = _encryptionKey;
        var iv = RandomNumberGenerator.GetBytes(IvSize);
        var cipher = aes.EncryptCbc(payload, iv);

        var token = new byte[1 + IvSize + cipher.Length + MacSize];
        token[0] = FormatVersion;
        iv.CopyTo(token, 1);
        cipher.CopyTo(token, 1 + IvSize);
        HMACSHA256.HashData(_macKey, token.AsSpan(0, token.Length - MacSize), token.AsSpan(token.Length - MacSize));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>Recovers the payload, or null when the token was tampered with, truncated, or made with another key or purpose.</summary>
    public byte[]? Unprotect(string token)
    {
        // The OperationStatus overload reports a character outside the alphabet instead of throwing, so a
        // tampered cookie costs no exception: it is simply no cookie.
        var buffer = new byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (Base64Url.DecodeFromChars(token, buffer, out _, out var written) != OperationStatus.Done) return null;
        ReadOnlySpan<byte> data = buffer.AsSpan(0, written);
        if (data.Length < 1 + IvSize + 16 + MacSize || data[0] != FormatVersion) return null;

        Span<byte> expected = stackalloc byte[MacSize];
        HMACSHA256.HashData(_macKey, data[..^MacSize], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, data[^MacSize..])) return null;

        using var aes = Aes.Create();
        aes.Key = _encryptionKey;
        try
        {
            return aes.DecryptCbc(data[(1 + IvSize)..^MacSize], data.Slice(1, IvSize));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
