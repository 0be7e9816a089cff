using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// The admin's window, second part: the history charts (UI-2), lists that page by key with totals, filters and CSV
/// (UI-4), Dutch and English with the office's time zone (UI-6), axe-core on the remaining pages (UI-7), and the
/// screenshots of the docs, all on the seeded office of <see cref="OfficeDashboardFixture"/>.
/// </summary>
public sealed class AdminWindowListTests(OfficeDashboardFixture fixture) : IClassFixture<OfficeDashboardFixture>
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    [Fact]
    [Trait("Req", "UI-2")]
    [Trait("Req", "UI-7")]
    public async Task The_history_page_draws_documents_per_day_tasks_per_hour_and_failures_per_day_as_svg_from_the_store()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Address + "/history");
        foreach (var id in new[] { "documents-per-day", "tasks-per-hour", "failures-per-day" })
        {
            (await page.Locator($"#{id} svg[role='img']").GetAttributeAsync("aria-label")).ShouldNotBeNullOrEmpty();
        }

        (await page.Locator("#documents-per-day svg rect[data-series]").CountAsync()).ShouldBeGreaterThan(30);
        var firstDay = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Amsterdam).Date.AddDays(-29);
        var since = new DateTimeOffset(firstDay, Amsterdam.GetUtcOffset(firstDay));
        (await SumAsync(page, "documents-per-day", "Goedgekeurd")).ShouldBe(Count("SELECT COUNT(*) FROM document_events WHERE status = 'Approved' AND at >= @since", since));
        (await SumAsync(page, "failures-per-day", "documents failed or refused")).ShouldBe(Count("SELECT COUNT(*) FROM document_events WHERE status IN ('FinallyFailed', 'Refused') AND at >= @since", since));
        var now = DateTimeOffset.UtcNow;
        var firstHour = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour - 47), TimeSpan.Zero);
        (await SumAsync(page, "tasks-per-hour", "tasks: done")).ShouldBe(Count("SELECT COUNT(*) FROM tasks WHERE status = 'Done' AND updated_at >= @since", firstHour));
        (await page.Locator("#documents-per-day rect[data-series] title").First.TextContentAsync() ?? string.Empty).ShouldMatch(@"^\d\d-\d\d .+: \d+$");
        (await page.Locator("#documents-per-day details table tbody tr").CountAsync()).ShouldBe(30);
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);
    }

    [Fact]
    [Trait("Req", "UI-4")]
    [Trait("Req", "UI-7")]
    public async Task Lists_page_by_key_with_totals_by_status_filter_by_status_pipeline_client_and_dates_and_download_csv()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Address + "/documents");
        (await page.Locator("#totals").InnerTextAsync()).ShouldContain($"all: {Count("SELECT COUNT(*) FROM documents"):N0}".Replace(",", ",", StringComparison.Ordinal));
        (await page.Locator("#totals span[data-status='Approved']").InnerTextAsync()).ShouldEndWith($": {Count("SELECT COUNT(*) FROM documents WHERE status = 'Approved'").ToString("N0", CultureInfo.GetCultureInfo("en-GB"))}");
        var first = await page.Locator("#documents tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.file)");
        first.Length.ShouldBe(50);
        await page.Locator("#next-page").ClickAsync();
        await page.WaitForURLAsync("**/documents?after=*");
        var second = await page.Locator("#documents tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.file)");
        second.Length.ShouldBe(50);
        second.Intersect(first).ShouldBeEmpty();
        var seen = (await page.Locator("#documents tbody tr td:nth-child(8)").AllInnerTextsAsync()).ToList();
        seen.ShouldBe([.. seen.OrderDescending(StringComparer.Ordinal)]);
        (await page.Locator("#first-page").CountAsync()).ShouldBe(1);
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);

        // Filters: status, pipeline, client and a date range in the office's days; the totals follow the filter.
        var client = fixture.Office.FinallyFailed.Client;
        var from = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Amsterdam).Date.AddDays(-20));
        var to = from.AddDays(10);
        await page.GotoAsync($"{fixture.Address}/documents?pipeline=clientonline&client={client}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), Amsterdam.GetUtcOffset(from.ToDateTime(TimeOnly.MinValue)));
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), Amsterdam.GetUtcOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        var expected = Count("SELECT COUNT(*) FROM documents WHERE client_number = @client AND created_at >= @since AND created_at < @until", start, client, end);
        (await page.Locator("#documents tbody tr").CountAsync()).ShouldBe((int)expected);
        (await page.Locator("#documents tbody tr td:nth-child(3)").AllInnerTextsAsync()).ShouldAllBe(c => c == client);
        (await page.Locator("#totals").InnerTextAsync()).ShouldContain($"all: {expected}");

        // By keyboard: choose a status and submit the filter form with Enter.
        await page.GotoAsync(fixture.Address + "/documents");
        await page.Locator("select[name='status']").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown"); // pending
        await page.Keyboard.PressAsync("ArrowDown"); // approved
        await page.Locator("input[name='pipeline']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/documents?status=approved**");
        var csv = await page.APIRequest.GetAsync(fixture.Address + "/documents.csv?status=approved");
        csv.Headers["content-type"].ShouldStartWith("text/csv");
        var lines = (await csv.TextAsync()).TrimEnd().Split('\n');
        lines.Length.ShouldBe(1 + (int)Count("SELECT COUNT(*) FROM documents WHERE status = 'Approved'"));
        lines[0].ShouldStartWith("\ufeffstatus;file;client;");

        // Tasks: the failed ones, their total, a second page and their CSV.
        await page.GotoAsync(fixture.Address + "/tasks?status=Failed");
        var failed = Count("SELECT COUNT(*) FROM tasks WHERE status = 'Failed'");
        (await page.Locator("#totals span[data-status='Failed']").InnerTextAsync()).ShouldEndWith($": {failed}");
        (await page.Locator("#task-list tbody td.status").AllInnerTextsAsync()).ShouldAllBe(s => s == "Failed");
        await page.GotoAsync(fixture.Address + "/tasks?pipeline=tasks");
        var ids = (await page.Locator("#task-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.task)")).Select(long.Parse).ToList();
        await page.Locator("#next-page").ClickAsync();
        await page.WaitForURLAsync("**/tasks?pipeline=tasks&after=*");
        var next = (await page.Locator("#task-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.task)")).Select(long.Parse).ToList();
        next.Max().ShouldBeLessThan(ids.Min());
        var tasksCsv = await page.APIRequest.GetAsync(fixture.Address + "/tasks.csv?status=Failed");
        (await tasksCsv.TextAsync()).TrimEnd().Split('\n').Length.ShouldBe(1 + (int)failed);
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);

        // The other pages, for UI-7: monitoring and a pipeline's page.
        await page.GotoAsync(fixture.Address + "/monitoring");
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);
        // Each row's buttons post the one form that carries the anti-forgery token, not a form and a token each.
        (await page.Locator("#tasks tr[data-task]").CountAsync()).ShouldBe(50);
        (await page.Locator("#tasks button[form='act'][formaction$='/cancel']").CountAsync()).ShouldBe(50);
        (await page.Locator("#act input[type='hidden']").CountAsync()).ShouldBe(1);
        (await page.Locator("#tasks input, #tasks form").CountAsync()).ShouldBe(0);
    }

    [Fact]
    [Trait("Req", "UI-4")]
    [Trait("Req", "AT-9")]
    public async Task Monitoring_pages_by_key_with_the_tasks_that_need_a_person_first_and_the_totals_of_its_filter()
    {
        var shown = Ids("SELECT id FROM tasks WHERE status = 'Failed' OR instruction_id IS NOT NULL");
        var needing = Ids("SELECT id FROM tasks WHERE status = 'Failed' OR id IN (SELECT task_id FROM instructions WHERE resolved_at IS NULL)");
        shown.Count.ShouldBeGreaterThan(100); // three pages at least
        var page = await fixture.NewPageAsync("en-GB");
        await page.GotoAsync(fixture.Address + "/monitoring");
        (await page.Locator("#totals span[data-status='need-a-person']").InnerTextAsync()).ShouldBe($"need a person: {needing.Count}");
        (await page.Locator("#totals span[data-status='Failed']").InnerTextAsync()).ShouldBe($"Failed: {Count("SELECT COUNT(*) FROM tasks WHERE status = 'Failed'")}");
        (await page.Locator("#totals").InnerTextAsync()).ShouldContain($"all: {shown.Count}");
        (await page.Locator("#first-page").CountAsync()).ShouldBe(0);

        // Page after page by the Next link, 50 to a page: every task of the filter once, those that need a person first.
        var seen = new List<long>();
        while (true)
        {
            var rows = (await page.Locator("#tasks tr[data-task]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.task)")).Select(long.Parse).ToList();
            seen.AddRange(rows);
            (await page.Locator("#act input[type='hidden']").CountAsync()).ShouldBe(1); // every page can act
            if (await page.Locator("#next-page").CountAsync() == 0)
            {
                rows.Count.ShouldBeLessThanOrEqualTo(50);
                break;
            }

            rows.Count.ShouldBe(50);
            var before = page.Url;
            await page.Locator("#next-page").ClickAsync();
            await page.WaitForURLAsync(url => url != before && url.Contains("/monitoring?after=", StringComparison.Ordinal));
            (await page.Locator("#first-page").GetAttributeAsync("href")).ShouldBe("/monitoring");
        }

        seen.ShouldBe([.. needing.OrderDescending(), .. shown.Except(needing).OrderDescending()]);

        // The "all" switch stays on the next page; a dossier's tasks, every one ("all"), the failed one first.
        await page.GotoAsync(fixture.Address + "/monitoring?all=true");
        (await page.Locator("#totals").InnerTextAsync()).ShouldContain($"all: {Count("SELECT COUNT(*) FROM tasks"):N0}");
        var firstOfAll = (await page.Locator("#tasks tr[data-task]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.task)")).Select(long.Parse).ToList();
        (await page.Locator("#next-page").GetAttributeAsync("href")).ShouldStartWith("/monitoring?all=true&after=need-");
        await page.Locator("#next-page").ClickAsync();
        await page.WaitForURLAsync("**/monitoring?all=true&after=*");
        var secondOfAll = (await page.Locator("#tasks tr[data-task]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.task)")).Select(long.Parse).ToList();
        secondOfAll.Count.ShouldBe(50);
        secondOfAll.Intersect(firstOfAll).ShouldBeEmpty();
        var dossier = Text($"SELECT dossier FROM tasks WHERE id = {fixture.Office.RedTask}");
        await page.GotoAsync($"{fixture.Address}/monitoring?dossier={Uri.EscapeDataString(dossier)}&all=true");
        var ofDossier = (await page.Locator("#tasks tr[data-task]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.task)")).Select(long.Parse).ToList();
        ofDossier.Order().ShouldBe(Ids($"SELECT id FROM tasks WHERE dossier = '{dossier}'").Order());
        (await page.Locator("#tasks tr[data-task]").First.GetAttributeAsync("data-status")).ShouldBe("Failed");

        // A key that no page gave is refused.
        (await page.APIRequest.GetAsync(fixture.Address + "/monitoring?after=12")).Status.ShouldBe(400);
    }

    private List<long> Ids(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={fixture.StatePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    [Fact]
    [Trait("Req", "UI-6")]
    [Trait("Req", "UI-7")]
    public async Task The_dashboard_speaks_Dutch_to_a_Dutch_browser_switches_to_English_and_remembers_it_with_times_in_Amsterdam()
    {
        var page = await fixture.NewPageAsync("nl-NL");
        await page.GotoAsync(fixture.Address + "/");
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("nl");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Overzicht");
        (await page.Locator("#attention-heading").InnerTextAsync()).ShouldStartWith("Vraagt om een mens");
        (await page.Locator("#tiles section[data-tile='ClientOnline'] tr[data-count='Goedgekeurd'] th").InnerTextAsync()).ShouldBe("Goedgekeurd");
        (await page.Locator("#zone").InnerTextAsync()).ShouldStartWith("Tijden in Europe/Amsterdam");
        await page.GotoAsync(fixture.Address + "/documents?status=approved");
        (await page.Locator("#documents tbody td.status").First.InnerTextAsync()).ShouldBe("Goedgekeurd");
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);

        // The switch: English now and on the next pages (a cookie), though the browser still asks for Dutch.
        await page.Locator("#language button").ClickAsync();
        await page.WaitForURLAsync("**/documents?status=approved");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Documents");
        (await page.Locator("#documents tbody td.status").First.InnerTextAsync()).ShouldBe("approved (Goedgekeurd)");
        await page.GotoAsync(fixture.Address + "/clients");
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("en");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Clients");

        // Times in Amsterdam: the document's first change as the ledger's history holds it, converted.
        var (key, _, _) = fixture.Office.FinallyFailed;
        await page.GotoAsync($"{fixture.Address}/documents/{key}");
        var first = DateTimeOffset.Parse(Text($"SELECT at FROM document_events WHERE key = '{key}' ORDER BY id LIMIT 1"), CultureInfo.InvariantCulture);
        (await page.Locator("#history tbody tr td").First.InnerTextAsync()).ShouldBe(TimeZoneInfo.ConvertTime(first, Amsterdam).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        var english = await fixture.NewPageAsync("en-US");
        await english.GotoAsync(fixture.Address + "/tasks");
        (await english.Locator("h1").InnerTextAsync()).ShouldBe("Tasks");
    }

    [Fact]
    [Trait("Req", "UI-6")]
    public async Task Monitoring_a_pipelines_page_and_the_login_page_speak_Dutch_to_a_Dutch_browser()
    {
        string[] englishHeadings = ["Task", "Delivered", "Tries", "Instruction", "Severity", "Subject", "Since", "Resolve", "Restart", "Cancel", "Filter", "Pipelines that need a person", "Log in", "Refresh"];
        var page = await fixture.NewPageAsync("nl-NL");

        // Monitoring, the accountants' page, on the dossier of a failed task with an open red instruction.
        var task = fixture.Office.RedTask;
        var dossier = Text($"SELECT dossier FROM tasks WHERE id = {task}");
        await page.GotoAsync($"{fixture.Address}/monitoring?dossier={Uri.EscapeDataString(dossier)}");
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("nl");
        (await page.Locator("#shown").InnerTextAsync()).ShouldBe($"Gefaalde taken en taken met een instructie van dossier {dossier}.");
        (await page.Locator("form[action='/monitoring'] label").AllInnerTextsAsync()).Select(l => l.Trim()).ShouldBe(["Dossier", "elke taak"]);
        (await page.Locator("#tasks th").AllInnerTextsAsync()).Select(h => h.Trim()).ShouldBe(["Status", "Dossier", "Taak", "Aangeleverd", "Pogingen", "Instructie", string.Empty]);
        var row = page.Locator($"#tasks tr[data-task='{task}']");
        (await row.GetAttributeAsync("class")).ShouldBe("red");
        (await row.Locator("td").First.InnerTextAsync()).ShouldBe("Gefaald");
        (await row.Locator("td").Nth(5).InnerTextAsync()).ShouldStartWith("Rood: ");
        (await row.Locator("button").AllInnerTextsAsync()).Select(b => b.Trim()).ShouldBe(["Afhandelen", "Herstarten", "Annuleren"]);
        (await row.Locator($"a[href='/tasks/{task}']").InnerTextAsync()).ShouldBe("payload wijzigen…");
        (await row.Locator($"a[href='/tasks/{task}']").GetAttributeAsync("aria-label")).ShouldBe($"Payload van taak {task} wijzigen");
        (await page.Locator("h2").AllInnerTextsAsync()).ShouldContain("Pipelines die om een mens vragen");
        (await page.Locator("#pipeline-instructions th").AllInnerTextsAsync()).Select(h => h.Trim()).ShouldBe(["Ernst", "Onderwerp", "Sinds", "Instructie", string.Empty]);
        (await page.Locator("#pipeline-instructions tr[data-instruction] td").First.InnerTextAsync()).ShouldBeOneOf("Rood", "Oranje");
        await ShouldHaveNoEnglishHeadingAsync(page);
        await page.GotoAsync($"{fixture.Address}/monitoring?all=true");
        (await page.Locator("#shown").InnerTextAsync()).ShouldBe("Elke taak van alle dossiers.");

        // The overview's pipeline state: the run's outcome in Dutch too.
        await page.GotoAsync(fixture.Address + "/");
        (await page.Locator("#pipelines tr[data-pipeline='samples-demo'] td").Nth(2).InnerTextAsync()).ShouldBeOneOf("Geslaagd", "Deels gefaald", "Gefaald", "nog niet", "loopt hier");

        // A document's history: a failed attempt is counted in Dutch too.
        await page.GotoAsync($"{fixture.Address}/documents/{fixture.Office.FinallyFailed.Key}");
        var steps = await page.Locator("#history tbody tr td:nth-child(2)").AllInnerTextsAsync();
        steps.ShouldContain("Poging 2 mislukt; later volgt een nieuwe poging");
        steps.ShouldNotContain(step => step.StartsWith("Attempt", StringComparison.Ordinal));

        // A decided document that could not be put away: the words around the problem in Dutch.
        var notPutAway = Text("SELECT key FROM documents WHERE put_away_problem IS NOT NULL ORDER BY key LIMIT 1");
        await page.GotoAsync($"{fixture.Address}/documents/{notPutAway}");
        (await page.Locator("#reason").InnerTextAsync()).ShouldStartWith("Niet opgeborgen: the folder /kantoor/goedgekeurd is read-only");

        // A pipeline's page: the host's words in Dutch; what the plugin's commands write stays as the plugin wrote it.
        await page.GotoAsync(fixture.Address + "/pipelines/certipost");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("certipost");
        (await page.Locator("nav a[href='/']").InnerTextAsync()).ShouldBe("Overzicht");
        var refresh = page.Locator("section[id^='command-'] a[href^='/pipelines/certipost#command-']");
        (await refresh.CountAsync()).ShouldBeGreaterThan(0);
        (await refresh.AllInnerTextsAsync()).ShouldAllBe(text => text == "Verversen");
        (await refresh.First.Locator("xpath=..").InnerTextAsync()).ShouldBe("Verversen (leest alles opnieuw)");
        (await page.Locator("main, body").First.InnerTextAsync()).ShouldNotContain("re-reads everything");
        await ShouldHaveNoEnglishHeadingAsync(page);

        // The login page (this host has no login configured, so it says so).
        await page.GotoAsync(fixture.Address + "/login");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Aanmelden");
        (await page.Locator("#no-login").InnerTextAsync()).ShouldBe("Dit dashboard heeft geen aanmelding ingesteld: het is open op zijn loopback-adres.");
        await ShouldHaveNoEnglishHeadingAsync(page);

        // The same pages still speak English to an English browser.
        var english = await fixture.NewPageAsync("en-GB");
        await english.GotoAsync($"{fixture.Address}/monitoring?dossier={Uri.EscapeDataString(dossier)}");
        (await english.Locator("#shown").InnerTextAsync()).ShouldBe($"Failed tasks and tasks with an instruction of dossier {dossier}.");
        (await english.Locator($"#tasks tr[data-task='{task}'] button").AllInnerTextsAsync()).Select(b => b.Trim()).ShouldBe(["Resolve", "Restart", "Cancel"]);
        await english.GotoAsync(fixture.Address + "/login");
        (await english.Locator("h1").InnerTextAsync()).ShouldBe("Log in");

        async Task ShouldHaveNoEnglishHeadingAsync(IPage dutch)
        {
            // The page's own headings and controls; a command's result (class "result") is the plugin's output.
            var headings = await dutch.Locator("h1, h2, th:not(.result th), button, label").AllInnerTextsAsync();
            headings.Select(h => h.Trim()).Where(englishHeadings.Contains).ShouldBeEmpty(dutch.Url);
        }
    }

    [Fact]
    [Trait("Req", "UI-4")]
    [Trait("Req", "UI-7")]
    public async Task The_instructions_list_pages_by_key_with_totals_by_state_filters_by_state_and_dossier_and_downloads_csv()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Address + "/instructions");
        var all = Count("SELECT COUNT(*) FROM instructions");
        var red = Count("SELECT COUNT(*) FROM instructions WHERE resolved_at IS NULL AND severity = 'Red'");
        var resolved = Count("SELECT COUNT(*) FROM instructions WHERE resolved_at IS NOT NULL");
        all.ShouldBeGreaterThan(50);
        (await page.Locator("#totals").InnerTextAsync()).ShouldContain($"all: {all:N0}");
        (await page.Locator("#totals span[data-status='Red']").InnerTextAsync()).ShouldEndWith($": {red:N0}");
        (await page.Locator("#totals span[data-status='Resolved']").InnerTextAsync()).ShouldEndWith($": {resolved:N0}");
        var first = (await page.Locator("#instruction-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.instruction)")).Select(long.Parse).ToList();
        first.Count.ShouldBe(50);
        first.ShouldBeInOrder(SortDirection.Descending);
        await page.Locator("#next-page").ClickAsync();
        await page.WaitForURLAsync("**/instructions?after=*");
        var second = (await page.Locator("#instruction-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.instruction)")).Select(long.Parse).ToList();
        second.Max().ShouldBeLessThan(first.Min());
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);

        // Filter by state and dossier: only that dossier's open red instructions, their state written out, not only coloured.
        var dossier = Text("SELECT dossier FROM instructions WHERE resolved_at IS NULL AND severity = 'Red' AND task_id IS NOT NULL ORDER BY id LIMIT 1");
        await page.GotoAsync($"{fixture.Address}/instructions?status=Red&client={dossier}");
        var ofDossier = Count("SELECT COUNT(*) FROM instructions WHERE resolved_at IS NULL AND severity = 'Red' AND dossier = @client", client: dossier);
        (await page.Locator("#instruction-list tbody tr").CountAsync()).ShouldBe((int)ofDossier);
        (await page.Locator("#instruction-list tbody td.status").AllInnerTextsAsync()).ShouldAllBe(s => s == "Red");
        (await page.Locator("#instruction-list tbody tr.red").CountAsync()).ShouldBe((int)ofDossier);

        // The download holds what the filter finds: every resolved instruction.
        var csv = await page.APIRequest.GetAsync(fixture.Address + "/instructions.csv?status=Resolved");
        csv.Headers["content-type"].ShouldStartWith("text/csv");
        var lines = (await csv.TextAsync()).TrimEnd().Split('\n');
        lines.Length.ShouldBe(1 + (int)resolved);
        lines[0].ShouldStartWith("\ufeffid;state;dossier;");
        lines.Skip(1).ShouldAllBe(l => l.Split(';')[1] == "Resolved");
    }

    [Fact]
    [Trait("Req", "UI-4")]
    [Trait("Req", "UI-7")]
    public async Task The_audit_log_relations_and_CaseWare_records_page_by_key_with_totals_filters_and_csv()
    {
        // The audit log: newest first, two pages that meet without overlap, the totals by action.
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Address + "/audit");
        var all = Count("SELECT COUNT(*) FROM audit");
        all.ShouldBeGreaterThan(100);
        (await page.Locator("#totals").InnerTextAsync()).ShouldContain($"all: {all:N0}");
        (await page.Locator("#totals span[data-status='task-failed']").InnerTextAsync()).ShouldEndWith($": {Count("SELECT COUNT(*) FROM audit WHERE action = 'task-failed'"):N0}");
        var first = (await page.Locator("#audit-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.audit)")).Select(long.Parse).ToList();
        first.Count.ShouldBe(50);
        first.ShouldBeInOrder(SortDirection.Descending);
        // The pager's link followed by its address: a click here timed out twice (30 s) one minute into the whole suite,
        // while every fixture starts its hosts and browsers; the page itself answers in milliseconds.
        await page.GotoAsync(fixture.Address + await page.Locator("#next-page").GetAttributeAsync("href"));
        await page.WaitForURLAsync("**/audit?after=*");
        var second = (await page.Locator("#audit-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.audit)")).Select(long.Parse).ToList();
        second.Max().ShouldBeLessThan(first.Min());
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);

        // Filtered by action, client and date range: a relation's status change on its day; the failures are red.
        var relation = Text("SELECT key FROM records WHERE collection = 'certipost.relations' ORDER BY key LIMIT 1");
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(Text($"SELECT updated_at FROM records WHERE collection = 'certipost.relations' AND key = '{relation}'"), CultureInfo.InvariantCulture), Amsterdam).Date);
        await page.GotoAsync($"{fixture.Address}/audit?status=status-changed&client={relation}&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        (await page.Locator("#audit-list tbody tr td:nth-child(4)").AllInnerTextsAsync()).ShouldBe([$"relation:{relation}"]);
        await page.GotoAsync($"{fixture.Address}/audit?status=status-changed&client={relation}&from={day.AddDays(1):yyyy-MM-dd}");
        (await page.Locator("#audit-list tbody tr").CountAsync()).ShouldBe(0);
        await page.GotoAsync($"{fixture.Address}/audit?status=task-failed");
        (await page.Locator("#audit-list tbody tr.red").CountAsync()).ShouldBe(50);
        var auditCsv = await page.APIRequest.GetAsync(fixture.Address + "/audit.csv?status=task-cancelled");
        auditCsv.Headers["content-type"].ShouldStartWith("text/csv");
        var auditLines = (await auditCsv.TextAsync()).TrimEnd().Split('\n');
        auditLines[0].ShouldStartWith("\ufeffid;at;who;action;subject;details");
        auditLines.Length.ShouldBe(1 + (int)Count("SELECT COUNT(*) FROM audit WHERE action = 'task-cancelled'"));
        auditLines.Skip(1).ShouldAllBe(l => l.Split(';')[3] == "task-cancelled");

        // The CaseWare Cloud clients: by number, two pages, totals by status, no pipeline filter (said on the page).
        await page.GotoAsync(fixture.Address + "/caseware");
        var clients = Count("SELECT COUNT(*) FROM records WHERE collection = 'casewarecloud.clients'");
        clients.ShouldBeGreaterThan(100);
        (await page.Locator("#totals").InnerTextAsync()).ShouldContain($"all: {clients:N0}");
        (await page.Locator("#totals span[data-status='rejected']").InnerTextAsync()).ShouldEndWith($": {Count("SELECT COUNT(*) FROM records WHERE collection = 'casewarecloud.clients' AND status = 'rejected'"):N0}");
        (await page.Locator("#filter input[name='pipeline']").CountAsync()).ShouldBe(0);
        (await page.Locator("main").InnerTextAsync()).ShouldContain("there is no pipeline filter");
        var keys = await page.Locator("#record-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)");
        keys.Length.ShouldBe(50);
        keys.ShouldBe([.. keys.Order(StringComparer.Ordinal)]);
        // The pager's link followed by its address: a click here timed out twice (30 s) one minute into the whole suite,
        // while every fixture starts its hosts and browsers; the page itself answers in milliseconds.
        await page.GotoAsync(fixture.Address + await page.Locator("#next-page").GetAttributeAsync("href"));
        await page.WaitForURLAsync("**/caseware?after=*");
        var more = await page.Locator("#record-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)");
        string.CompareOrdinal(more[0], keys[^1]).ShouldBeGreaterThan(0);
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);
        await page.GotoAsync(fixture.Address + "/caseware?status=rejected");
        var rejected = Count("SELECT COUNT(*) FROM records WHERE collection = 'casewarecloud.clients' AND status = 'rejected'");
        rejected.ShouldBeGreaterThan(0);
        (await page.Locator("#record-list tbody tr.red td.status").AllInnerTextsAsync()).ShouldBe(Enumerable.Repeat("rejected", (int)rejected));
        (await page.Locator("#record-list tbody td:nth-child(5)").First.InnerTextAsync()).ShouldContain("e-mail address is not valid");

        // The Certipost relations: one client's, its name from the record, and the download of a status.
        var name = fixture.Office.ClientNames[relation];
        await page.GotoAsync($"{fixture.Address}/relations?client={relation}");
        (await page.Locator("#record-list tbody tr").CountAsync()).ShouldBe(1);
        (await page.Locator("#record-list tbody td:nth-child(4)").InnerTextAsync()).ShouldBe(name);
        await OfficeDashboardFixture.ShouldBeAccessibleAsync(page);
        var csv = await page.APIRequest.GetAsync(fixture.Address + "/relations.csv?status=Confirmed");
        var lines = (await csv.TextAsync()).TrimEnd().Split('\n');
        lines[0].ShouldStartWith("\ufeffkey;status;client;name;");
        lines.Length.ShouldBe(1 + (int)Count("SELECT COUNT(*) FROM records WHERE collection = 'certipost.relations' AND status = 'Confirmed'"));
        lines.Skip(1).ShouldAllBe(l => l.Split(';')[1] == "Confirmed");
    }

    /// <summary>Makes the screenshots of the docs; into docs/screenshots with CONNECTORHOST_SCREENSHOTS=docs, else artifacts/screenshots.</summary>
    [Fact]
    public async Task Screenshots_of_the_seeded_office()
    {
        var folder = Environment.GetEnvironmentVariable("CONNECTORHOST_SCREENSHOTS") == "docs"
            ? Path.Combine(Support.RepoRoot.Find(), "docs", "screenshots")
            : Path.Combine(Support.RepoRoot.Find(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var page = await fixture.NewPageAsync();
        async Task ShootAsync(string path, string name)
        {
            await page.GotoAsync(fixture.Address + path);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = name != "clients" && name != "documents-page-2" });
            new FileInfo(Path.Combine(folder, name + ".png")).Length.ShouldBeGreaterThan(10_000);
        }

        await ShootAsync("/", "overview");
        await ShootAsync("/clients", "clients");
        await ShootAsync($"/clients/{fixture.Office.FinallyFailed.Client}", "client");
        await ShootAsync($"/documents/{fixture.Office.FinallyFailed.Key}", "document-history");
        await page.GotoAsync(fixture.Address + "/documents");
        var next = await page.Locator("#next-page").GetAttributeAsync("href");
        await ShootAsync(next!, "documents-page-2");
        await ShootAsync("/history", "history");
    }

    private static async Task<long> SumAsync(IPage page, string chart, string series) =>
        (await page.Locator($"#{chart} svg rect[data-series='{series}']").EvaluateAllAsync<string[]>("rects => rects.map(r => r.dataset.value)")).Sum(long.Parse);

    private long Count(string sql, DateTimeOffset? since = null, string? client = null, DateTimeOffset? until = null)
    {
        using var connection = new SqliteConnection($"Data Source={fixture.StatePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@since", Moment(since ?? DateTimeOffset.MinValue));
        command.Parameters.AddWithValue("@until", Moment(until ?? DateTimeOffset.MaxValue));
        command.Parameters.AddWithValue("@client", (object?)client ?? DBNull.Value);
        return (long)command.ExecuteScalar()!;
    }

    private string Text(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={fixture.StatePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    private static string Moment(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
