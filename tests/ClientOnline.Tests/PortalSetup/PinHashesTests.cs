using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConnectorHost.Plugins.ClientOnline.Import;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>
/// What the store keeps of a PIN (SEC-5) is a keyed hash whose key is a file beside the pipeline's data, never in the
/// store, readable by the host's user only; it still checks the PBKDF2 hashes of earlier versions; and it costs
/// microseconds, not the 50 ms per client user PBKDF2 cost (OF-2).
/// </summary>
public sealed class PinHashesTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pin-hashes-" + Guid.NewGuid().ToString("N"));

    private string KeyFile => Path.Combine(_folder, "pipeline", "pin-key");

    [Fact]
    [Trait("Req", "SEC-5")]
    public void A_pin_is_kept_as_a_keyed_hash_whose_key_is_a_file_only_the_host_can_read()
    {
        var pins = new PinHashes(KeyFile);
        var hash = pins.Hash("407620");

        hash.ShouldStartWith("hmac-sha256$");
        hash.ShouldNotContain("407620");
        pins.Verify("407620", hash).ShouldBeTrue();
        pins.Verify("407621", hash).ShouldBeFalse();
        File.ReadAllBytes(KeyFile).Length.ShouldBe(32);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(KeyFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Another run of the pipeline (a restart) reads the same key: the hash still checks.
        new PinHashes(KeyFile).Verify("407620", hash).ShouldBeTrue();

        // Without that key (a copy of the store on another machine) the hash checks no PIN.
        new PinHashes(Path.Combine(_folder, "elsewhere", "pin-key")).Verify("407620", hash).ShouldBeFalse();
    }

    [Fact]
    [Trait("Req", "SEC-5")]
    public void A_hash_of_an_earlier_version_is_still_checked_so_a_reissue_never_repeats_its_pin()
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var old = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("12"), salt, 1_000, HashAlgorithmName.SHA256, 32);
        var stored = string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256$1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(old)}");
        var pins = new PinHashes(KeyFile);

        pins.Verify("12", stored).ShouldBeTrue();
        pins.Verify("13", stored).ShouldBeFalse();

        // Two-digit PINs: a hundred values, so a new PIN that ignored the old hash would repeat it within a few draws.
        Enumerable.Range(0, 300).Select(_ => pins.NewPinOtherThan(2, stored)).ShouldNotContain("12");
        Enumerable.Range(0, 300).Select(_ => pins.NewPinOtherThan(2, pins.Hash("34"))).ShouldNotContain("34");
    }

    [Fact]
    [Trait("Req", "SEC-5")]
    public void A_damaged_key_is_refused_with_what_to_do()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyFile)!);
        File.WriteAllBytes(KeyFile, [1, 2, 3]);

        var refused = Should.Throw<InvalidOperationException>(() => new PinHashes(KeyFile).Hash("407620"));

        refused.Message.ShouldContain(KeyFile);
        refused.Message.ShouldContain("Move it away");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
