using System.Text.RegularExpressions;
using ConnectorHost.State.Sqlite;
using Microsoft.Playwright;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// The dashboard's documents page, the Certipost page (a pipeline page built from the plugin's commands) and /metrics,
/// on a real host process with the ClientOnline and Certipost sandboxes inside it, in real headless Chromium.
/// </summary>
public sealed class ConnectorPagesTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Req", "CO-1")]
    [Trait("Req", "CO-5")]
    public async Task A_dropped_PDF_shows_as_pending_and_after_approval_in_the_sandbox_as_approved()
    {
        var page = await fixture.Browser.NewPageAsync();
        Directory.CreateDirectory(fixture.PortalInbox);
        await File.WriteAllTextAsync(Path.Combine(fixture.PortalInbox, "12345678_jaarrekening.pdf"), "%PDF-1.4 dashboard test\n%%EOF\n");

        await ReloadUntilAsync(page, fixture.Address + "/documents?q=12345678", "#documents tr[data-file='12345678_jaarrekening.pdf'] .status", "pending");
        var row = page.Locator("#documents tr[data-file='12345678_jaarrekening.pdf']");
        (await row.InnerTextAsync()).ShouldContain("jaarrekening");
        await DashboardFixture.ScreenshotAsync(page, "documents");

        var portal = await fixture.Browser.NewPageAsync();
        await portal.GotoAsync($"http://127.0.0.1:{fixture.PortalPort}/");
        await portal.Locator("tr", new() { HasText = "12345678_jaarrekening.pdf" }).GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await ReloadUntilAsync(page, fixture.Address + "/documents?q=12345678", "#documents tr[data-file='12345678_jaarrekening.pdf'] .status", "approved (Goedgekeurd)");
        (await row.GetAttributeAsync("class")).ShouldBe("green");
        await page.GotoAsync(fixture.Address + "/documents?q=no-such-client");
        (await page.Locator("#documents tr[data-file]").CountAsync()).ShouldBe(0);
    }

    [Fact]
    [Trait("Req", "CO-17")]
    public async Task A_zip_named_pdf_is_listed_as_refused_with_its_reason_and_found_by_search()
    {
        var page = await fixture.Browser.NewPageAsync();
        Directory.CreateDirectory(fixture.PortalInbox);
        await File.WriteAllBytesAsync(Path.Combine(fixture.PortalInbox, "12345678_archief.pdf"), "PK\u0003\u0004 a zip file, not a PDF"u8.ToArray());

        await ReloadUntilAsync(page, fixture.Address + "/documents?q=archief", "#documents tr[data-file='12345678_archief.pdf'] .status", "refused");
        var row = page.Locator("#documents tr[data-file='12345678_archief.pdf']");
        (await row.Locator(".reason").InnerTextAsync()).ShouldContain("is not a PDF: it does not start with the PDF header");
        (await row.GetAttributeAsync("class")).ShouldBe("red");
        await DashboardFixture.ScreenshotAsync(page, "documents-refused");

        await page.GotoAsync(fixture.Address + "/documents?status=refused");
        (await page.Locator("#documents tr[data-file='12345678_archief.pdf']").CountAsync()).ShouldBe(1);
        await page.GotoAsync(fixture.Address + "/documents?status=pending&q=archief");
        (await page.Locator("#documents tr[data-file]").CountAsync()).ShouldBe(0);
    }

    [Fact]
    [Trait("Req", "CP-2")]
    [Trait("Req", "CP-4")]
    [Trait("Req", "CP-5")]
    public async Task The_Certipost_page_lists_complete_and_incomplete_relations_apart_and_sends_the_batch()
    {
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync(fixture.Address + "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "certipost", Exact = true }).ClickAsync();

        // Re-reading the package is a posted form (FH-5): a page view reads no file.
        (await page.Locator("#view-list-0").CountAsync()).ShouldBe(0);
        await page.Locator("#command-list").GetByRole(AriaRole.Button, new() { Name = "List" }).ClickAsync();
        var complete = page.Locator("#result-0");
        var incomplete = page.Locator("#result-1");
        (await complete.InnerTextAsync()).ShouldContain("Bakkerij Janssens BVBA");
        (await complete.Locator("tr").CountAsync()).ShouldBe(4); // the heading and 1001, 1002, 1003
        var maes = incomplete.Locator("tr", new() { HasText = "1004" });
        (await maes.InnerTextAsync()).ShouldContain("VAT/enterprise number: missing");
        (await maes.GetAttributeAsync("class")).ShouldBe("orange");
        (await incomplete.InnerTextAsync()).ShouldNotContain("Café De Hoek"); // not admitted, so not eligible
        await DashboardFixture.ScreenshotAsync(page, "certipost");

        var beforeSend = DateTimeOffset.UtcNow;
        await page.Locator("#command-send").GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        (await page.Locator("#result").InnerTextAsync()).ShouldContain("3 relations enrolled at Certipost in batch");
        (await page.Locator("#result-0").InnerTextAsync()).ShouldContain("Garage Peeters NV");
        (await page.Locator("#view-relations-0 tr", new() { HasText = "1002" }).InnerTextAsync()).ShouldContain("Toegestaan, doorgegeven, niet bevestigd");
        (await page.Locator("#view-audit-0").InnerTextAsync()).ShouldContain("command:send");

        var store = new SqliteStateStore(fixture.StatePath, TimeProvider.System);
        var sent = await store.Audit.ListAsync("relation:1001", 10, CancellationToken.None);
        var enrolled = sent.Single(e => e.Action == "status-changed" && e.Details.Contains("to Submitted", StringComparison.Ordinal));
        enrolled.Who.ShouldStartWith("dashboard@127.0.0.1"); // by whom...
        enrolled.At.ShouldBeInRange(beforeSend.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)); // ...and when: at the click (1 s for clock rounding)
        var command = await store.Audit.ListAsync("pipeline:certipost", 10, CancellationToken.None);
        command.ShouldContain(e => e.Action == "command:send" && e.Who.StartsWith("dashboard@", StringComparison.Ordinal));
        command.ShouldContain(e => e.Action == "command:list" && e.Who.StartsWith("dashboard@", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Req", "CW-2")]
    [Trait("Req", "CW-7")]
    public async Task The_CaseWare_Cloud_page_shows_each_clients_link_state_last_sync_and_reason()
    {
        var page = await fixture.Browser.NewPageAsync();

        await ReloadUntilAsync(page, fixture.Address + "/pipelines/casewarecloud", "#view-clients-0 tr:has-text('Demo BV') td:nth-child(3)", "linked, sent");

        var clients = page.Locator("#view-clients-0");
        (await clients.Locator("tr", new() { HasText = "Demo BV" }).InnerTextAsync()).ShouldMatch(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"); // last sync
        var suspect = clients.Locator("tr", new() { HasText = "Misschien Holding BV" });
        (await suspect.InnerTextAsync()).ShouldContain("not sent: suspect");
        (await suspect.GetAttributeAsync("class")).ShouldBe("orange");
        (await clients.Locator("tr", new() { HasText = "J. de Vries" }).InnerTextAsync()).ShouldContain("not sent: private");
        var shared = page.Locator("#view-contacts-0 tr:has(td:nth-child(2):text-is('5003'))");
        (await shared.InnerTextAsync()).ShouldContain("not sent: shared e-mail");
        await DashboardFixture.ScreenshotAsync(page, "casewarecloud");
    }

    [Fact]
    public async Task Metrics_are_served_in_Prometheus_text_format()
    {
        using var http = new HttpClient();
        string text = string.Empty;
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && !text.Contains("connectorhost_pipeline_runs_total", StringComparison.Ordinal))
        {
            text = await http.GetStringAsync(fixture.Address + "/metrics");
            await Task.Delay(500);
        }

        text.ShouldContain("# TYPE connectorhost_pipeline_runs_total counter");
        text.ShouldMatch(@"connectorhost_pipeline_runs_total\{[^}]*pipeline=""clientonline-sandbox""[^}]*\} [1-9]");
        text.ShouldContain("connectorhost_pipeline_run_duration_seconds_bucket");
        text.ShouldMatch(@"connectorhost_tasks_failed\{[^}]*queue=""tasks""[^}]*\} 2"); // the fixture seeds an orange and a red failure
        text.ShouldMatch(@"connectorhost_instructions_open(\{[^}]*\})? [0-9]");
    }

    [Fact]
    public async Task Every_page_is_linked_from_the_navigation()
    {
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync(fixture.Address + "/");
        await DashboardFixture.ScreenshotAsync(page, "overview");
        foreach (var (link, heading) in new[] { ("Documents", "Documents"), ("Monitoring", "Monitoring"), ("certipost", "certipost"), ("casewarecloud", "casewarecloud"), ("Overview", "Overview") })
        {
            await page.Locator("nav:not(.pager)").GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Live", Exact = true }).ClickAsync();
        (await page.Locator("meta[http-equiv=refresh]").GetAttributeAsync("content")).ShouldBe("10");
        await page.GetByRole(AriaRole.Link, new() { Name = "Stop", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("meta[http-equiv=refresh]")).ToHaveCountAsync(0);

        await page.GotoAsync(fixture.Address + "/monitoring");
        await DashboardFixture.ScreenshotAsync(page, "monitoring");
        (await page.Locator("nav:not(.pager)").InnerTextAsync()).ShouldNotContain("clientonline"); // it offers no commands
    }

    private static async Task ReloadUntilAsync(IPage page, string url, string selector, string expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            await page.GotoAsync(url);
            var found = page.Locator(selector);
            if (await found.CountAsync() > 0)
            {
                seen = await found.InnerTextAsync();
                if (Regex.IsMatch(seen, $"^{Regex.Escape(expected)}$"))
                {
                    return;
                }
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"'{selector}' on {url} still shows '{seen ?? "nothing"}', not '{expected}', after {Patience}.");
    }
}
