using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// The admin's window (UI-1..UI-7) in real headless Chromium, on a host whose store holds a realistic office
/// (<see cref="OfficeSeed"/>). A few scenarios, each checking several things, and axe-core on every page they visit.
/// </summary>
public sealed class AdminWindowTests(OfficeDashboardFixture fixture) : IClassFixture<OfficeDashboardFixture>
{
    [Fact]
    [Trait("Req", "UI-1")]
    [Trait("Req", "UI-7")]
    public async Task The_overview_shows_first_what_needs_a_person_oldest_first_then_a_tile_per_connector_and_the_pipelines()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Address + "/");

        // What needs a person comes first on the page, oldest first, each with a mark in words, what to do and a link.
        var headings = await page.Locator("main h2").AllInnerTextsAsync();
        headings[0].ShouldStartWith("Needs a person");
        var rows = page.Locator("#attention tbody tr");
        var count = await rows.CountAsync();
        count.ShouldBeGreaterThan(5);
        var since = new List<DateTime>();
        for (var i = 0; i < count; i++)
        {
            var row = rows.Nth(i);
            var cells = await row.Locator("td").AllInnerTextsAsync();
            cells[0].ShouldBeOneOf("red: support", "orange: instruction");
            (await row.GetAttributeAsync("class")).ShouldBe(cells[0].StartsWith("red", StringComparison.Ordinal) ? "red" : "orange");
            (await row.Locator("td").Nth(4).Locator("a").GetAttributeAsync("href")).ShouldNotBeNullOrEmpty();
            if (cells[2].Length > 0)
            {
                since.Add(DateTime.ParseExact(cells[2], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }
        }

        since.ShouldBe([.. since.Order()]);
        var attention = await page.Locator("#attention").InnerTextAsync();
        attention.ShouldContain("Instruction");
        attention.ShouldContain("documents definitief mislukt");
        attention.ShouldContain("newer open instructions");
        attention.ShouldContain("Certipost relations admitted, not enrolled");
        attention.ShouldContain("CaseWare Cloud clients rejected");
        (await page.Locator("#attention a[href='/documents?status=error']").CountAsync()).ShouldBe(1);
        (await page.Locator("#attention a[href='/monitoring']").CountAsync()).ShouldBe(1);
        var oldestTask = Count("SELECT task_id FROM instructions WHERE resolved_at IS NULL AND task_id IS NOT NULL ORDER BY created_at LIMIT 1");
        (await page.Locator($"#attention a[href='/tasks/{oldestTask}']").CountAsync()).ShouldBe(1); // the oldest instruction, with its own text
        attention.ShouldContain(Text($"SELECT text FROM instructions WHERE task_id = {oldestTask}"));

        // A tile per connector; this week's Goedgekeurd is what the ledger's history holds since Monday, in Amsterdam.
        (await page.Locator("#tiles section").EvaluateAllAsync<string[]>("s => s.map(e => e.dataset.tile)")).ShouldBe(["ClientOnline", "Accounting tasks", "CaseWare Cloud", "Certipost"]);
        var (today, week) = ConnectorHost.Dashboard.Connectors.Periods(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
        var approved = page.Locator("#tiles section[data-tile='ClientOnline'] tr[data-count='Goedgekeurd'] td");
        (await approved.Nth(1).InnerTextAsync()).ShouldBe(Count("SELECT COUNT(*) FROM document_events WHERE status = 'Approved' AND at >= @since", week).ToString(CultureInfo.InvariantCulture));
        (await approved.Nth(0).InnerTextAsync()).ShouldBe(Count("SELECT COUNT(*) FROM document_events WHERE status = 'Approved' AND at >= @since", today).ToString(CultureInfo.InvariantCulture));
        (await page.Locator("#tiles section[data-tile='Certipost'] tr[data-count='enrolled (bevestigd)'] td").Nth(2).InnerTextAsync())
            .ShouldBe(Count("SELECT COUNT(*) FROM records WHERE collection = 'certipost.relations' AND status = 'Confirmed' AND @since IS NOT NULL", week).ToString(CultureInfo.InvariantCulture));

        // Each pipeline's state: schedule, last and next run, lease.
        var certipost = await page.Locator("#pipelines tr[data-pipeline='certipost']").InnerTextAsync();
        certipost.ShouldContain("manual");
        certipost.ShouldContain("never taken");
        (await page.Locator("#zone").InnerTextAsync()).ShouldStartWith("Times in Europe/Amsterdam (UTC+0");
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);

        // Keyboard: the first Tab reaches the skip link, Enter goes to the content.
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("document.activeElement.getAttribute('href')")).ShouldBe("#main");
        await page.Keyboard.PressAsync("Enter");
        page.Url.ShouldEndWith("#main");
    }

    [Fact]
    [Trait("Req", "UI-3")]
    [Trait("Req", "UI-7")]
    public async Task The_client_monitor_has_a_row_per_client_marked_red_or_orange_in_words_filters_sorts_and_opens_a_clients_page()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Address + "/clients");
        (await page.Locator("#count").InnerTextAsync()).ShouldBe($"{fixture.Office.Clients.Count} clients");
        var first = page.Locator("#clients tbody tr").First;
        (await first.GetAttributeAsync("class")).ShouldBe("red");
        (await first.Locator("td.mark").InnerTextAsync()).ShouldBe("red: support");
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);

        // Only orange: every row orange, and says so in words.
        await page.SelectOptionAsync("select[name='show']", "orange");
        await page.Locator("#filter button").ClickAsync();
        await page.WaitForURLAsync("**/clients?show=orange**");
        var marks = await page.Locator("#clients tbody td.mark").AllInnerTextsAsync();
        marks.Count.ShouldBeGreaterThan(0);
        marks.ShouldAllBe(m => m == "orange: instruction");
        (await page.Locator("#clients tbody tr:not(.orange)").CountAsync()).ShouldBe(0);

        // Sorted by name, the names come in order.
        await page.GotoAsync(fixture.Address + "/clients?show=all&sort=name");
        var names = (await page.Locator("#clients tbody tr td:nth-child(3)").AllInnerTextsAsync()).Where(n => n.Length > 0).ToList();
        names.ShouldBe([.. names.Order(StringComparer.Create(CultureInfo.GetCultureInfo("en-GB"), ignoreCase: true))]);

        // The client of the red task: its page has its documents, tasks, the instruction, CaseWare and Certipost.
        var client = RedTaskDossier();
        await page.GotoAsync(fixture.Address + "/clients?q=" + client);
        await page.Locator($"#clients tr[data-client='{client}'] td:nth-child(2) a").ClickAsync();
        await page.WaitForURLAsync($"**/clients/{client}");
        (await page.Locator("h1").InnerTextAsync()).ShouldStartWith($"Client {client}");
        (await page.Locator("#client-instructions").InnerTextAsync()).ShouldContain("ons supportteam moet ingrijpen");
        (await page.Locator("#client-tasks tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("#client-documents tbody tr").CountAsync()).ShouldBe((int)Math.Min(20, Count("SELECT COUNT(*) FROM documents WHERE client_number = @client", client: client)));
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);
    }

    [Fact]
    [Trait("Req", "UI-5")]
    [Trait("Req", "UI-7")]
    public async Task A_documents_page_and_a_tasks_page_show_their_whole_history()
    {
        var page = await fixture.NewPageAsync();
        var (key, file, _) = fixture.Office.FinallyFailed;
        await page.GotoAsync(fixture.Address + "/documents?q=" + file);
        await page.Locator($"#documents tr[data-file='{file}'] a").First.ClickAsync();
        await page.WaitForURLAsync($"**/documents/{key}");
        var steps = await page.Locator("#history tbody tr td:nth-child(2)").AllInnerTextsAsync();
        steps.ShouldBe([
            "Seen; submitting for accordering",
            "Attempt 1 failed; trying again later",
            "Attempt 2 failed; trying again later",
            "Attempt 3 failed; trying again later",
            "error: finally failed (definitief mislukt)",
            "Put away by its source",
        ]);
        (await page.Locator("#history tbody tr").Nth(2).InnerTextAsync()).ShouldContain("Attempt 2: the portal answered HTTP 503");
        (await page.Locator("#reason").InnerTextAsync()).ShouldContain("Every attempt failed");
        (await page.Locator("#document .status").GetAttributeAsync("class")).ShouldBe("red status");
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);

        await page.GotoAsync($"{fixture.Address}/tasks/{fixture.Office.RedTask}");
        var history = await page.Locator("#history").InnerTextAsync();
        history.ShouldContain("Delivered by the accounting platform");
        history.ShouldContain("Instruction for support");
        history.ShouldContain("task-failed");
        (await page.Locator("#open-instruction").InnerTextAsync()).ShouldStartWith("red: support");
        (await page.Locator("#open-instruction button").InnerTextAsync()).ShouldBe("Resolve");
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);
    }

    private string Text(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={fixture.StatePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    private string RedTaskDossier()
    {
        using var connection = new SqliteConnection($"Data Source={fixture.StatePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT dossier FROM tasks WHERE id = @id";
        command.Parameters.AddWithValue("@id", fixture.Office.RedTask);
        return (string)command.ExecuteScalar()!;
    }

    private long Count(string sql, DateTimeOffset? since = null, string? client = null)
    {
        using var connection = new SqliteConnection($"Data Source={fixture.StatePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@since", (since ?? DateTimeOffset.MinValue).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@client", (object?)client ?? DBNull.Value);
        return (long)command.ExecuteScalar()!;
    }
}
