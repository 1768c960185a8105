using System.Globalization;

namespace LoadBench;

/// <summary>Command line, static files and the allocation counter, the same for the three apps.</summary>
public static class Bench
{
    /// <summary>The port: <c>--port N</c>, <c>--port=N</c>, else the <c>PORT</c> environment variable, else 5000. The apps bind 127.0.0.1 only.</summary>
    public static int Port(string[] args)
    {
        string? value = Environment.GetEnvironmentVariable("PORT");
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--port" && i + 1 < args.Length) value = args[i + 1];
            else if (args[i].StartsWith("--port=", StringComparison.Ordinal)) value = args[i]["--port=".Length..];
        }

        return value is null ? 5000 : int.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// An extra https://127.0.0.1 listener for a manual TLS measurement: <c>TLS_PORT</c>, with <c>TLS_CERT</c> and
    /// <c>TLS_KEY</c> (PEM files); null when <c>TLS_PORT</c> is not set. run.sh does not use it.
    /// </summary>
    public static (int Port, System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate)? Tls()
    {
        if (Environment.GetEnvironmentVariable("TLS_PORT") is not { } port) return null;
        var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(
            Environment.GetEnvironmentVariable("TLS_CERT")!, Environment.GetEnvironmentVariable("TLS_KEY"));
        return (int.Parse(port, CultureInfo.InvariantCulture), certificate);
    }

    /// <summary>Where every app serves <c>/static</c> from: <c>static/</c> beside the executable, filled by <see cref="EnsureStaticFiles"/>.</summary>
    public static string StaticRoot { get; } = Path.Combine(AppContext.BaseDirectory, "static");

    /// <summary>Body of <c>GET /_alloc</c>: bytes allocated by the process so far (run.sh reads it before and after a run).</summary>
    public static string AllocatedBytes() => GC.GetTotalAllocatedBytes(precise: false).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes <c>site.css</c> (4 KiB of CSS) and <c>big.bin</c> (1 MiB of xorshift noise) into <see cref="StaticRoot"/>
    /// unless they are there with the right length. The content is deterministic, so every app serves the same bytes.
    /// </summary>
    public static void EnsureStaticFiles()
    {
        Directory.CreateDirectory(StaticRoot);
        Write("site.css", 4096, Css);
        Write("big.bin", 1 << 20, Noise);

        static void Write(string name, int length, Func<int, byte[]> create)
        {
            string path = Path.Combine(StaticRoot, name);
            if (File.Exists(path) && new FileInfo(path).Length == length) return;
            string temp = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temp, create(length));
            File.Move(temp, path, overwrite: true);
        }
    }

    private static byte[] Css(int length)
    {
        var text = new System.Text.StringBuilder(length);
        for (int i = 0; text.Length < length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $".c{i} {{ color: #{i * 2654435761 % 0xFFFFFF:x6}; margin: {i % 17}px {i % 5}px; }}\n");
        }

        byte[] bytes = new byte[length];
        System.Text.Encoding.ASCII.GetBytes(text.ToString(0, length - 1), bytes);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private static byte[] Noise(int length)
    {
        byte[] bytes = new byte[length];
        uint x = 2463534242;
        for (int i = 0; i < bytes.Length; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            bytes[i] = (byte)x;
        }

        return bytes;
    }
}
