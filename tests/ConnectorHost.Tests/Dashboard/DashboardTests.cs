using System.Net;
using System.Net.Sockets;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;
using Microsoft.Playwright;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>The dashboard of a real host process, used in real headless Chromium.</summary>
public sealed class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private IBrowser Browser => fixture.Browser;

    private string Address => fixture.Address;

    private string StatePath => fixture.StatePath;

    private long Instruction => fixture.Instruction;

    [Fact]
    [Trait("Req", "AT-9")]
    [Trait("Req", "AT-6")]
    public async Task Monitoring_shows_the_failed_task_marked_with_its_instruction_and_resolve_unblocks_it()
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(Address + "/monitoring");

        var row = page.Locator("#tasks tr.orange");
        (await row.CountAsync()).ShouldBe(1);
        (await row.InnerTextAsync()).ShouldContain("Boekjaar 2023 is afgesloten in het boekhoudpakket");
        (await row.InnerTextAsync()).ShouldContain("Failed");
        await page.RunAndWaitForResponseAsync(
            () => row.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/resolve", StringComparison.Ordinal));

        await Assertions.Expect(page.Locator("#tasks")).ToContainTextAsync("(resolved)");
        (await page.Locator("#tasks tr.orange").CountAsync()).ShouldBe(0);
        var store = new SqliteStateStore(StatePath, TimeProvider.System);
        (await store.Instructions.ListAsync(openOnly: false, CancellationToken.None)).Single(i => i.Id == Instruction).ResolvedBy.ShouldNotBeNull().ShouldStartWith("dashboard@127.0.0.1");
    }

    [Fact]
    [Trait("Req", "AT-10")]
    public async Task Monitoring_cancels_a_failed_task_through_the_pages_one_form_and_links_its_payload_to_the_tasks_page()
    {
        var store = new SqliteStateStore(StatePath, TimeProvider.System);
        await store.Tasks.EnqueueAsync(new NewTask("cancel-test", "t-cancel", "D300", "delete-booking-proposal", "{\"proposal\":7}", DateTimeOffset.UtcNow.AddMinutes(-3)), CancellationToken.None);
        var lease = (await store.Tasks.ClaimNextAsync("cancel-test", "test", TimeSpan.FromMinutes(5), CancellationToken.None))!;
        lease.Task.Dossier.ShouldBe("D300");
        await store.Tasks.FailAndBlockAsync(lease, new Instruction("D300", InstructionSeverity.Orange, "Dagboek VK2 bestaat niet in het dossier.", "wrong-journal"), CancellationToken.None);

        var page = await Browser.NewPageAsync();
        await page.GotoAsync(Address + "/monitoring?dossier=D300");
        var row = page.Locator($"#tasks tr[data-task='{lease.Task.Id}']");
        (await row.Locator("a[href='/tasks/" + lease.Task.Id + "']").GetAttributeAsync("aria-label")).ShouldBe($"Change the payload of task {lease.Task.Id}");
        await page.RunAndWaitForResponseAsync(
            () => row.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith($"/tasks/{lease.Task.Id}/cancel", StringComparison.Ordinal));
        var after = page.Locator($"#tasks tr[data-task='{lease.Task.Id}']");
        await Assertions.Expect(after.Locator("td").First).ToHaveTextAsync("Cancelled");
        (await after.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).CountAsync()).ShouldBe(0);
        var task = await store.Dashboard.TaskAsync(lease.Task.Id, CancellationToken.None);
        task!.Status.ShouldBe(QueuedTaskStatus.Cancelled);
        (await store.Dashboard.AuditOfAsync([$"task:{lease.Task.Id}"], 10, CancellationToken.None)).ShouldContain(a => a.Who.StartsWith("dashboard@127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Req", "H-8")]
    public async Task A_wrong_Certipost_key_is_one_stored_instruction_and_one_mail_on_monitoring_resolvable_from_the_dashboard_and_the_cli()
    {
        var store = new SqliteStateStore(StatePath, TimeProvider.System);
        async Task<StoredInstruction?> OpenAsync() => (await store.Instructions.ListAsync(openOnly: true, CancellationToken.None))
            .SingleOrDefault(i => i.Instruction.Cause == "certipost-authentication");
        StoredInstruction? first = null;
        await fixture.Host.WaitUntilAsync(() => (first = OpenAsync().GetAwaiter().GetResult()) is not null, TimeSpan.FromMinutes(1));
        // certipost-daily runs every 3 s with its wrong key: wait for two more runs that still need the person.
        await fixture.Host.WaitUntilAsync(() => fixture.Host.Lines.Count(l => l.Contains("Pipeline certipost-daily still needs a person", StringComparison.Ordinal)) >= 2, TimeSpan.FromMinutes(1));

        (await OpenAsync())!.Id.ShouldBe(first!.Id); // still the one instruction
        var outbox = Path.Combine(Path.GetDirectoryName(StatePath)!, "mail", "outbox");
        Directory.Exists(outbox).ShouldBeTrue(fixture.Host.Output);
        Directory.GetFiles(outbox, "*.eml").Count(f => File.ReadAllText(f).Contains("Support needed for dossier certipost", StringComparison.Ordinal)).ShouldBe(1);

        var page = await Browser.NewPageAsync();
        await page.GotoAsync(Address + "/monitoring");
        var row = page.Locator($"#pipeline-instructions tr.red[data-instruction='{first.Id}']");
        (await row.InnerTextAsync()).ShouldContain("certipost-authentication");
        await page.RunAndWaitForResponseAsync(
            () => row.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/resolve", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator($"#pipeline-instructions tr[data-instruction='{first.Id}']")).ToHaveCountAsync(0);
        (await store.Instructions.ListAsync(openOnly: false, CancellationToken.None)).Single(i => i.Id == first.Id).ResolvedBy.ShouldNotBeNull().ShouldStartWith("dashboard@127.0.0.1");

        // The key is still wrong: the next run is a new instruction, resolved here from the command line.
        StoredInstruction? second = null;
        await fixture.Host.WaitUntilAsync(() => (second = OpenAsync().GetAwaiter().GetResult()) is not null, TimeSpan.FromMinutes(1));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ConnectorHost.Cli.CommandLine.RunAsync(
            ["resolve", second!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", "anna", "--config", Path.Combine(fixture.Folder, "connectorhost.yaml")], output, error);
        exit.ShouldBe(0, error.ToString());
        (await store.Instructions.ListAsync(openOnly: false, CancellationToken.None)).Single(i => i.Id == second.Id).ResolvedBy.ShouldBe("anna");
    }

    [Fact]
    [Trait("Req", "AT-6")]
    public async Task Monitoring_marks_a_failure_only_support_can_fix_red_in_the_browser()
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(Address + "/monitoring?dossier=D200");

        var red = page.Locator("#tasks tr.red");
        (await red.CountAsync()).ShouldBe(1);
        (await red.InnerTextAsync()).ShouldContain("Red: De taak synchronise-dossier faalde met een onbekende fout (disk full): ons supportteam moet ingrijpen.");
        (await red.InnerTextAsync()).ShouldContain("D200");
        (await page.Locator("#tasks tr.orange").CountAsync()).ShouldBe(0, "D100's orange failure is not of this dossier");
        // What the person sees: the row's colour as Chromium paints it.
        (await red.EvaluateAsync<string>("row => getComputedStyle(row).backgroundColor")).ShouldBe("rgb(255, 194, 194)");
    }

    [Fact]
    public async Task Overview_shows_the_pipeline_and_run_now_is_audited()
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(Address + "/");

        var row = page.Locator("#pipelines tr[data-pipeline='samples-demo']");
        (await row.InnerTextAsync()).ShouldContain("every 1h");
        (await page.Locator("#plugins").InnerTextAsync()).ShouldContain("Samples");
        await page.RunAndWaitForResponseAsync(
            () => row.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/run", StringComparison.Ordinal));

        var store = new SqliteStateStore(StatePath, TimeProvider.System);
        (await store.Audit.ListAsync("pipeline:samples-demo", 10, CancellationToken.None)).ShouldContain(e => e.Action == "run-now");
    }

    [Fact]
    public async Task Run_now_for_a_pipeline_that_does_not_exist_is_answered_404_and_not_audited()
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(Address + "/");
        var token = page.Locator("input[name='__RequestVerificationToken']").First;
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", (await token.GetAttributeAsync("value")).ShouldNotBeNull());

        var response = await page.APIRequest.PostAsync(Address + "/pipelines/nope/run", new() { Form = form, MaxRedirects = 0 });

        response.Status.ShouldBe(404);
        (await response.TextAsync()).ShouldContain("There is no pipeline 'nope'.");
        var store = new SqliteStateStore(StatePath, TimeProvider.System);
        (await store.Audit.ListAsync("pipeline:nope", 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_action_without_the_anti_forgery_token_is_refused()
    {
        using var http = new HttpClient();

        var response = await http.PostAsync(Address + "/pipelines/samples-demo/run", new FormUrlEncodedContent([]));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
