using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Mail;
using ConnectorHost.Testing;
using ConnectorHost.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Tests.Sdk;

/// <summary>SDK-2: ConnectorHost.Testing gives a plugin's tests the host's real parts, not fakes.</summary>
[Trait("Req", "SDK-2")]
public sealed class TestingKitTests
{
    public sealed class KitSettings
    {
        [Description("Where to post.")]
        [Required]
        public Uri? Url { get; set; }

        [Description("The API key.")]
        [Secret]
        [Required]
        public string ApiKey { get; set; } = string.Empty;

        [Description("Time between runs.")]
        public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

        [Description("Records per run.")]
        [Range(1, 500)]
        public int BatchSize { get; set; } = 50;
    }

    [Fact]
    public async Task The_context_has_a_real_migrated_sqlite_store_in_a_temporary_folder_that_dispose_deletes()
    {
        string folder;
        await using (var context = await TestComponentContext.CreateAsync("webhook"))
        {
            folder = context.DataFolder;
            context.StateDatabasePath.ShouldBe(Path.Combine(folder, "state.db"));
            File.Exists(context.StateDatabasePath).ShouldBeTrue();

            await context.State.Records.PutAsync(new StoredRecord("webhook.sent", "42", "sent", "{}") { Fingerprint = "abc" }, CancellationToken.None);
            var stored = await context.State.Records.GetAsync("webhook.sent", "42", CancellationToken.None);

            stored.ShouldNotBeNull().Fingerprint.ShouldBe("abc");
            stored.UpdatedAt.ShouldBe(TestComponentContext.DefaultStart, "the store stamps records with the context's clock");
            context.PipelineName.ShouldBe("webhook");
        }

        Directory.Exists(folder).ShouldBeFalse();
    }

    [Fact]
    public async Task Log_lines_are_captured_with_level_and_category_and_the_clock_moves_only_when_told()
    {
        await using var context = await TestComponentContext.CreateAsync();
        var logger = context.LoggerFactory.CreateLogger("Acme.Echo");
#pragma warning disable CA1848 // a test writes one line the simple way
        logger.LogWarning("Dossier {Dossier} waits", "D-1");
#pragma warning restore CA1848

        var line = context.Logs.GetSnapshot().ShouldHaveSingleItem();
        line.Level.ShouldBe(LogLevel.Warning);
        line.Category.ShouldBe("Acme.Echo");
        line.Message.ShouldBe("Dossier D-1 waits");

        context.FakeClock.Advance(TimeSpan.FromHours(2));
        ((Abstractions.Plugins.IComponentContext)context).Clock.GetUtcNow().ShouldBe(TestComponentContext.DefaultStart.AddHours(2));
    }

    [Fact]
    public async Task The_recording_mailer_renders_the_scriban_templates_and_fails_on_a_template_with_an_error()
    {
        using var templates = new TempFolder();
        File.WriteAllText(templates.Combine("echo-report.subject.scriban"), "{{ model.count }} records sent");
        File.WriteAllText(templates.Combine("echo-report.text.scriban"), "Dossier {{ model.dossier }}: {{ model.count }} sent.");
        File.WriteAllText(templates.Combine("broken.subject.scriban"), "{{ if }}");
        File.WriteAllText(templates.Combine("broken.text.scriban"), "x");
        await using var context = await TestComponentContext.CreateAsync(templatesFolder: templates.Path);

        await context.Mail.SendAsync("echo-report", new { Dossier = "D-7", Count = 3 }, ["anna@kantoor.example"], CancellationToken.None);

        var mail = context.Mailer.ShouldNotBeNull().Sent.ShouldHaveSingleItem();
        mail.TemplateName.ShouldBe("echo-report");
        mail.To.ShouldBe(["anna@kantoor.example"]);
        mail.Subject.ShouldBe("3 records sent");
        mail.Text.Trim().ShouldBe("Dossier D-7: 3 sent.");
        mail.Html.ShouldBeNull();

        var error = await Should.ThrowAsync<MailTemplateException>(() => context.Mail.SendAsync("broken", new { }, null, CancellationToken.None));
        error.Message.ShouldContain("broken.subject.scriban");
        context.Mailer.Sent.Count.ShouldBe(1, "a mail that failed to render is not recorded as sent");
    }

    [Fact]
    public void SettingsFor_binds_camelCase_keys_durations_and_env_references_like_the_host()
    {
        var result = TestSettings.SettingsFor<KitSettings>(
            """
            url: https://hooks.example.test/in
            apiKey: ${ECHO_KEY}
            interval: 1h30m
            batchSize: 20
            """,
            new Dictionary<string, string> { ["ECHO_KEY"] = "s3cret" });

        result.Errors.ShouldBeEmpty();
        var settings = result.Valid();
        settings.Url.ShouldBe(new Uri("https://hooks.example.test/in"));
        settings.ApiKey.ShouldBe("s3cret");
        settings.Interval.ShouldBe(TimeSpan.FromMinutes(90));
        settings.BatchSize.ShouldBe(20);
    }

    [Fact]
    public void SettingsFor_returns_every_error_with_line_and_column_in_the_snippet()
    {
        var result = TestSettings.SettingsFor<KitSettings>(
            """
            url: https://hooks.example.test/in
            apiKey: ${ECHO_KEY_UNSET}
            batchSize: 900
            intervall: 5m
            """);

        result.IsValid.ShouldBeFalse();
        string.Join(" | ", result.Errors.Select(e => $"{e.Line} {e.Path}").Distinct().Order(StringComparer.Ordinal))
            .ShouldBe("2 settings.apiKey | 3 settings.batchSize | 4 settings.intervall", string.Join(Environment.NewLine, result.Errors));
        result.Errors.Single(e => e.Path == "settings.intervall").Hint.ShouldNotBeNull().ShouldContain("interval");
        result.Errors.ShouldAllBe(e => e.Column > 0 && e.File == SettingsSnippet.FileName);
        var thrown = Should.Throw<ConfigurationException>(() => result.Valid());
        thrown.Message.ShouldContain("settings.yaml:3:");
    }

    [Fact]
    public void SettingsFor_reports_broken_yaml_with_its_place()
    {
        var result = TestSettings.SettingsFor<KitSettings>("url: [unclosed\napiKey: x\n");

        var error = result.Errors.ShouldHaveSingleItem();
        error.Message.ShouldStartWith("not valid YAML");
        error.Line.ShouldBeGreaterThan(0);
    }
}
