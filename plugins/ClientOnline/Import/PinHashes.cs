using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// What the state store keeps of a PIN once its letter is written (PO-4, SEC-5): only enough to make sure a reissued
/// letter never repeats the lost PIN. That is an HMAC-SHA256 of the PIN with a key of the pipeline that is not in the
/// store: a file <c>pin-key</c> in the pipeline's data folder (32 random bytes, readable by the host's user only),
/// made on first use. A copy of the store alone (a backup, a PostgreSQL dump) therefore gives no way to test PINs;
/// a PBKDF2 hash did not either (a 6-digit PIN has a million values, tried in minutes whatever the iterations), and
/// cost 50 ms of CPU per client user (OF-2); the keyed hash costs microseconds. Hashes written by earlier versions
/// (<c>pbkdf2-sha256$…</c>) are still checked. Without the key (another host of a shared store, a lost data folder)
/// an earlier hash cannot be checked, and a new PIN is then simply drawn at random (one in a million to repeat).
/// </summary>
internal sealed class PinHashes(string keyFile)
{
    private const string Scheme = "hmac-sha256";
    private readonly Lazy<byte[]> _key = new(() => LoadOrCreateKey(keyFile));

    /// <summary>The keyed hash of <paramref name="pin"/>, as the store keeps it.</summary>
    public string Hash(string pin) =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Convert.ToBase64String(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(pin)))}");

    /// <summary>Whether <paramref name="stored"/> is the hash of <paramref name="pin"/> (either scheme).</summary>
    public bool Verify(string pin, string stored)
    {
        var parts = stored.Split('$');
        if (parts is [Scheme, var hmac])
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(hmac), HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(pin)));
        }

        if (parts is ["pbkdf2-sha256", var iterations, var salt, var hash])
        {
            var computed = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), Convert.FromBase64String(salt), int.Parse(iterations, CultureInfo.InvariantCulture), HashAlgorithmName.SHA256, 32);
            return CryptographicOperations.FixedTimeEquals(computed, Convert.FromBase64String(hash));
        }

        return false;
    }

    /// <summary>A new PIN that <paramref name="previousHash"/> does not accept: a reissued letter never repeats the lost PIN.</summary>
    public string NewPinOtherThan(int length, string? previousHash)
    {
        while (true)
        {
            var pin = PinLetters.NewPin(length);
            if (previousHash is null || !Verify(pin, previousHash))
            {
                return pin;
            }
        }
    }

    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path))
        {
            var key = File.ReadAllBytes(path);
            return key.Length >= 32
                ? key
                : throw new InvalidOperationException($"The PIN key {path} holds {key.Length} bytes, fewer than 32: it is damaged. Move it away; the import makes a new one (PINs of letters already sent stay valid at the portal).");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fresh = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temp, options))
        {
            file.Write(fresh);
            file.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temp, path, overwrite: false);
            return fresh;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp); // another run of the pipeline made it first: its key is the key
            return File.ReadAllBytes(path);
        }
    }
}
