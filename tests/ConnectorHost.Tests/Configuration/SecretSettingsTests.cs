using ConnectorHost.Cli;
using ConnectorHost.Configuration;
using ConnectorHost.Testing;
using ConnectorHost.Tests.Sdk;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Configuration;

/// <summary>
/// Secrets and keys as a third party met them: a secret written in the YAML gets a warning from validate (an error
/// with host.refuseLiteralSecrets), an unset secret is one error at its line with a hint that keeps it out of the YAML,
/// and a key in the wrong case gets "did you mean" instead of being taken silently.
/// </summary>
[Trait("Req", "H-2")]
public sealed class SecretSettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(bool refuse) => WriteFile($"""
        host:
          refuseLiteralSecrets: {(refuse ? "true" : "false")}
          plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
          mail:
            smtp:
              host: smtp.kantoor.nl
              password: hunter2-in-the-file
        pipelines: []
        """);

    private string WriteFile(string yaml)
    {
        var file = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(file, yaml);
        return file;
    }

    [Fact]
    public async Task A_secret_written_in_the_yaml_is_a_warning_of_validate_and_an_error_when_the_host_refuses_them()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        (await CommandLine.RunAsync(["validate", Write(refuse: false)], output, error)).ShouldBe(0, error.ToString());

        error.ToString().ShouldContain("connectorhost.yaml:7:17: warning: host.mail.smtp.password: a secret is written in the YAML itself Hint: Reference it instead, as ${ENV_VAR} or ${file:path}");
        (output.ToString() + error).ShouldNotContain("hunter2-in-the-file");

        var refused = Should.Throw<ConfigurationException>(() => ConfigurationLoader.Complete(ConfigurationLoader.Parse(Write(refuse: true)), []));
        refused.Errors.ShouldHaveSingleItem().ToString().ShouldStartWith(
            "connectorhost.yaml:7:17: error: host.mail.smtp.password: a secret is written in the YAML itself (host.refuseLiteralSecrets is on)");
    }

    [Fact]
    public void A_referenced_secret_gives_no_warning()
    {
        var file = WriteFile("""
            host:
              mail:
                smtp:
                  host: smtp.kantoor.nl
                  password: ${SMTP_PASSWORD_FOR_A_TEST_THAT_IS_SET}
            pipelines: []
            """);
        Environment.SetEnvironmentVariable("SMTP_PASSWORD_FOR_A_TEST_THAT_IS_SET", "from-the-environment");

        ConfigurationLoader.Complete(ConfigurationLoader.Parse(file), []).Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void An_unset_secret_is_one_error_at_its_line_whose_hint_keeps_it_out_of_the_yaml()
    {
        var result = TestSettings.SettingsFor<TestingKitTests.KitSettings>("url: https://example.org/hook\napiKey: ${ACME_KEY_NOT_SET}");

        var error = result.Errors.ShouldHaveSingleItem();
        (error.Line, error.Path).ShouldBe((2, "settings.apiKey"));
        error.Message.ShouldContain("ACME_KEY_NOT_SET");
        error.Hint.ShouldNotBeNull().ShouldContain("a secret stays out of the YAML");
        error.Hint.ShouldNotContain("write the value in the YAML");
    }

    [Fact]
    public void A_key_in_the_wrong_case_is_not_taken_and_gets_did_you_mean()
    {
        var result = TestSettings.SettingsFor<TestingKitTests.KitSettings>("url: https://example.org/hook\napiKey: k\nbatchsize: 20");

        var error = result.Errors.ShouldHaveSingleItem();
        (error.Line, error.Path, error.Message).ShouldBe((3, "settings.batchsize", "unknown setting 'batchsize'"));
        error.Hint.ShouldBe("Did you mean 'batchSize'? Keys are camelCase, exactly as in the reference.");
        result.Settings.BatchSize.ShouldBe(50, "the default stays: the key was not taken");
    }
}
