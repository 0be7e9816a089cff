using ConnectorHost.Cli;
using ConnectorHost.Logging;
using ConnectorHost.Tests.Support;
using Serilog.Core;
using Serilog.Events;

namespace ConnectorHost.Tests.Logging;

/// <summary>A setting marked secret never appears in a log line, an exception message or the CLI's output.</summary>
public sealed class SecretMaskingTests
{
    private const string Secret = "Pa55-w0rd!#";

    [Fact]
    public void Log_messages_properties_and_exceptions_are_masked()
    {
        var masker = new SecretMasker();
        masker.Add([Secret]);
        var captured = new CapturingSink();
        using (var logger = LoggingSetup.Create(null, masker, captured))
        {
            logger.Information("Connecting with password {Password} to {Endpoint}", Secret, "https://portal");
            logger.Error(new InvalidOperationException($"login failed for office/{Secret}"), "Login failed");
            logger.Information($"interpolated {Secret} in the template");
        }

        captured.Rendered.Count.ShouldBe(3);
        captured.Rendered.ShouldAllBe(line => !line.Contains(Secret));
        captured.Rendered[0].ShouldContain("Connecting with password \"[secret]\" to \"https://portal\"");
        captured.Rendered[1].ShouldContain("login failed for office/[secret]");
        captured.Rendered[2].ShouldContain("interpolated [secret] in the template");
    }

    [Fact]
    public void A_short_secret_is_masked_where_it_stands_alone_and_a_long_one_everywhere()
    {
        var masker = new SecretMasker();
        masker.Add(["demo", "a-very-long-api-key-123"]);

        masker.Apply("password=demo; firm demo-firm at http://127.0.0.1/demo-firm/, user demo2, key \"demo\"")
            .ShouldBe("password=[secret]; firm demo-firm at http://127.0.0.1/demo-firm/, user demo2, key \"[secret]\"");
        masker.Apply("token xa-very-long-api-key-123y").ShouldBe("token x[secret]y");
    }

    [Fact]
    public void The_settings_printer_used_by_validate_masks_secret_settings()
    {
        using var output = new StringWriter();
        SettingsPrinter.Print(new TestComponents.SourceSettings { Folder = "in", Password = Secret, Mappings = [new TestComponents.Mapping { Source = "pdf" }] }, output, string.Empty);

        var text = output.ToString();
        text.ShouldNotContain(Secret);
        text.ShouldContain("password: [secret]");
        text.ShouldContain("folder: in");
        text.ShouldContain("source: pdf");
    }

    [Fact]
    public async Task Validate_never_prints_a_secret_even_in_an_error()
    {
        using var folder = new TempFolder();
        var repo = RepoRoot.Find();
        var file = folder.Combine("connectorhost.yaml");
        File.WriteAllText(file, $"""
            host:
              plugins: {repo}/artifacts/plugins
              state:
                provider: Sqlite
                connectionString: "{Secret}"
              mail:
                delivery: Smtp
                smtp:
                  host: smtp.example.nl
                  port: not-a-port
                  password: "{Secret}"
            pipelines: []
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(["validate", file], output, error);

        exit.ShouldBe(2);
        (output.ToString() + error).ShouldNotContain(Secret);
        error.ToString().ShouldContain("host.mail.smtp.port");
    }

    private sealed class CapturingSink : ILogEventSink
    {
        public List<string> Rendered { get; } = [];

        public void Emit(LogEvent logEvent) =>
            Rendered.Add(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " " + logEvent.Exception);
    }
}
