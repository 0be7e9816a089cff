using ConnectorHost.Plugins.ClientOnline.Accordering;
using ConnectorHost.Plugins.ClientOnline.Folders;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>The settings and their defaults (CO-8, CO-9).</summary>
public sealed class SettingsTests
{
    [Fact]
    [Trait("Req", "CO-8")]
    public void The_target_defaults_to_the_production_endpoint_notifications_on_and_100_seconds()
    {
        var settings = new AccorderingSettings();

        settings.Endpoint.ShouldBe(new Uri("https://www.clientonline.nl/soap/2010/accordering"));
        settings.Notifications.ShouldBeTrue();
        settings.Timeout.ShouldBe(TimeSpan.FromSeconds(100));
        typeof(AccorderingSettings).GetProperty(nameof(AccorderingSettings.Password))!
            .GetCustomAttributes(typeof(Abstractions.Settings.SecretAttribute), false).ShouldNotBeEmpty();
        new ClientOnlineFolderSettings().StableFor.ShouldBe(TimeSpan.FromSeconds(5));
        new FolderMapping().Pattern.ShouldBe("*.pdf");
    }

    [Theory]
    [Trait("Req", "CO-8")]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Notifications_arrive_at_the_portal(bool notifications)
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropPdf("12345678_jaarrekening.pdf");

        await h.Runner(h.CreateSource(), h.CreateTarget(h.TargetSettings(notifications: notifications))).RunOnceAsync(CancellationToken.None);

        (await h.SingleSubmissionAsync()).Notify.ShouldBe(notifications);
    }

    [Fact]
    [Trait("Req", "CO-8")]
    public void An_endpoint_that_is_not_http_is_refused()
    {
        var settings = new AccorderingSettings { Endpoint = new Uri("ftp://example.nl/x"), UserName = "u", Password = "p" };

        settings.Validate(new(settings)).ShouldHaveSingleItem().ErrorMessage.ShouldNotBeNull().ShouldContain("http:// or https://");
    }
}
