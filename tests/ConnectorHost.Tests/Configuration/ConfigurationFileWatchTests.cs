using ConnectorHost.Configuration;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Configuration;

/// <summary>FR-5: the configuration file and the files it references with <c>${file:path}</c> are watched by content.</summary>
public sealed class ConfigurationFileWatchTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    [Trait("Req", "FR-5")]
    public async Task An_edit_of_a_file_referenced_with_file_is_noticed_like_an_edit_of_the_configuration()
    {
        var secret = _folder.Combine("secrets", "smtp-password.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(secret)!);
        await File.WriteAllTextAsync(secret, "old-password");
        var config = _folder.Combine("connectorhost.yaml");
        await File.WriteAllTextAsync(config, """
            host:
              mail:
                smtp:
                  password: ${file:secrets/smtp-password.txt}
            pipelines: []
            """);
        var parsed = ConfigurationLoader.Parse(config);
        var configuration = ConfigurationLoader.Complete(parsed, []);
        configuration.ReferencedFiles.ShouldBe([Path.GetFullPath(secret)]);

        using var watch = new ConfigurationFileWatch();
        watch.Watch([configuration.File, .. configuration.ReferencedFiles]);
        using var timeout = new CancellationTokenSource(Patience);
        var changed = watch.WaitForChangeAsync(TimeProvider.System, timeout.Token);
        await File.WriteAllTextAsync(secret, "new-password");

        await changed; // throws OperationCanceledException when the edit is never noticed
        changed.IsCompletedSuccessfully.ShouldBeTrue();
    }
}
