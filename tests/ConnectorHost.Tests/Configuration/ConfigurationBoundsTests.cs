using ConnectorHost.Configuration;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Configuration;

/// <summary>SEC-6: configuration input is bounded — nesting depth and the size of <c>${file:}</c> references.</summary>
[Trait("Req", "SEC-6")]
public sealed class ConfigurationBoundsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string yaml)
    {
        var file = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(file, yaml.ReplaceLineEndings("\n"));
        return file;
    }

    [Fact]
    public void A_file_nested_40000_levels_deep_is_refused_at_its_line_instead_of_overflowing_the_stack()
    {
        // The probe's file: a key, then 40,000 nested flow sequences.
        var file = Write("host:\n  dataFolder: data\npipelines: " + new string('[', 40_000) + new string(']', 40_000) + "\n");

        var parsed = ConfigurationLoader.Parse(file, _ => null);

        var error = parsed.Errors.ShouldHaveSingleItem();
        error.Message.ShouldContain($"nested more than {YamlDepthGuard.MaxDepth} levels deep");
        error.Line.ShouldBe(3);
        error.Column.ShouldBe(11 + YamlDepthGuard.MaxDepth); // the 64th '[' (column 12 is the first; the root mapping is level 1)
        error.ToString().ShouldStartWith("connectorhost.yaml:3:");
    }

    [Fact]
    public void A_block_nested_just_within_the_limit_is_read()
    {
        // 1 root mapping + 62 nested sequences + the innermost mapping = 64 levels.
        var nested = string.Concat(Enumerable.Range(0, YamlDepthGuard.MaxDepth - 2).Select(_ => "["));
        var file = Write($"host:\n  dataFolder: data\npipelines: []\nextra: {nested}{{a: 1}}{new string(']', YamlDepthGuard.MaxDepth - 2)}\n");

        var parsed = ConfigurationLoader.Parse(file, _ => null);

        parsed.Errors.ShouldHaveSingleItem().Message.ShouldBe("unknown key 'extra'"); // read, not refused for depth
    }

    [Fact]
    [Trait("Req", "FH-7")]
    public void A_file_reference_to_an_endless_device_is_refused_unopened()
    {
        var file = Write("""
            host:
              dataFolder: data
              mail:
                delivery: Smtp
                smtp:
                  host: smtp.kantoor.nl
                  password: ${file:/dev/zero}
            pipelines: []
            """);

        var parsed = ConfigurationLoader.Parse(file, _ => null);

        var error = parsed.Errors.ShouldHaveSingleItem();
        error.Message.ShouldContain("'/dev/zero'");
        error.Message.ShouldContain("is a character device, not a regular file");
        error.Line.ShouldBe(7);
    }

    [Fact]
    [Trait("Req", "FH-7")]
    public void A_file_reference_to_a_file_over_the_size_limit_is_refused_with_the_limit()
    {
        var secret = _folder.Combine("big-secret.txt");
        File.WriteAllText(secret, new string('x', SecretReferences.MaxFileBytes + 1));
        var file = Write($$"""
            host:
              dataFolder: data
              mail:
                delivery: Smtp
                smtp:
                  host: smtp.kantoor.nl
                  password: ${file:{{secret}}}
            pipelines: []
            """);

        var parsed = ConfigurationLoader.Parse(file, _ => null);

        parsed.Errors.ShouldHaveSingleItem().Message.ShouldContain($"more than the {SecretReferences.MaxFileBytes:N0} bytes read from it");
    }

    [Fact]
    public void A_secret_file_at_the_limit_is_read_whole()
    {
        File.WriteAllText(_folder.Combine("password.txt"), new string('x', SecretReferences.MaxFileBytes - 1) + "\n");
        var file = Write("""
            host:
              dataFolder: data
              mail:
                delivery: Smtp
                smtp:
                  host: smtp.kantoor.nl
                  password: ${file:password.txt}
            pipelines: []
            """);

        var parsed = ConfigurationLoader.Parse(file, _ => null);

        parsed.Errors.ShouldBeEmpty();
        parsed.Host.Mail.Smtp!.Password.ShouldBe(new string('x', SecretReferences.MaxFileBytes - 1));
    }

    [Fact]
    [Trait("Req", "OF-5")]
    public void A_small_configuration_file_is_read_with_buffers_of_its_own_size_not_of_the_cap()
    {
        // The watch reads the configuration every 2 s: a buffer of the 4 MB cap per read was large-object garbage.
        var bytes = System.Text.Encoding.UTF8.GetBytes("host:\n  dataFolder: data\npipelines: []\n");
        using var stream = new MemoryStream(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = ConfigurationFiles.ReadCapped(stream, bytes.Length, ConfigurationFiles.MaxConfigurationBytes, "connectorhost.yaml");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        read.ShouldBe(bytes);
        allocated.ShouldBeLessThan(4 * 1024, $"reading {bytes.Length} bytes allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_configuration_file_that_grows_past_the_cap_while_it_is_read_is_refused()
    {
        // The file said 10 bytes when it was inspected; 100 arrive.
        using var stream = new MemoryStream(new byte[100]);

        var refused = Should.Throw<IOException>(() => ConfigurationFiles.ReadCapped(stream, 10, 50, "connectorhost.yaml"));

        refused.Message.ShouldBe("'connectorhost.yaml' grew past 50 bytes while it was read");
    }

    [Fact]
    public void A_file_longer_than_it_was_when_inspected_but_within_the_cap_is_read_whole()
    {
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
        using var stream = new MemoryStream(bytes);

        ConfigurationFiles.ReadCapped(stream, 10, 100_000, "secret.txt").ShouldBe(bytes);
    }
}
