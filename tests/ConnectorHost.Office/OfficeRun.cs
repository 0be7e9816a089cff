using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ConnectorHost.Sandbox.AccountingPlatform;
using ConnectorHost.Sandbox.CaseWareCloud;
using ConnectorHost.Sandbox.Certipost;
using ConnectorHost.Sandbox.ClientOnlinePortal;

namespace ConnectorHost.Office;

/// <summary>Calls of one kind a sandbox served, and the most in flight at once.</summary>
/// <param name="Connector">The connector that made them.</param>
/// <param name="Kind">The kind of call (the path's start).</param>
/// <param name="Calls">How many.</param>
/// <param name="MaxInFlight">The most at once.</param>
public sealed record CallFigures(string Connector, string Kind, long Calls, long MaxInFlight);

/// <summary>What a run of the office gives: the checker's verdict and the figures of the host.</summary>
/// <param name="Verdict">The checker's verdict.</param>
/// <param name="Wall">The wall time from the first start of the host to the end state.</param>
/// <param name="PeakRssBytes">The host's peak resident set over all its lives.</param>
/// <param name="Cpu">The host's CPU time over all its lives.</param>
/// <param name="Lives">How many times the host was started (kills + 1).</param>
/// <param name="Calls">The calls per connector.</param>
/// <param name="PeakTaskBacklog">The most tasks the platform held without a result at once (seen every 2 s).</param>
/// <param name="PeakDocumentBacklog">The most documents waiting in the folders at once (seen every 2 s).</param>
/// <param name="Report">The report, line by line.</param>
public sealed record OfficeResult(OfficeVerdict Verdict, TimeSpan Wall, long PeakRssBytes, TimeSpan Cpu, int Lives, IReadOnlyList<CallFigures> Calls, int PeakTaskBacklog, int PeakDocumentBacklog, IReadOnlyList<string> Report);

/// <summary>
/// An office's year (OF-4, OF-6): starts the four sandboxes and the built host, each in its own process, sets the
/// sandboxes' latency and faults, feeds the office's work over the run (documents, dossier tasks, CaseWare deltas),
/// plays the portal's client and the accountant (through the host's command line), kills the host with SIGKILL at
/// random moments and starts it again, waits for the end state, and lets <see cref="OfficeChecker"/> prove it.
/// </summary>
public sealed class OfficeRun : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly Regex ResolveForm = new("action=\"/instructions/(?<id>\\d+)/resolve\"", RegexOptions.Compiled);
    private static readonly Regex NextPage = new("<a href=\"(?<href>[^\"]+)\" id=\"next-page\"", RegexOptions.Compiled);
    private static readonly Regex HiddenField = new("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"", RegexOptions.Compiled);
    private static readonly Regex InstructionLine = new(@"^#(?<id>\d+) \S+ dossier (?<dossier>\S+) \(task \d+, [^,]+, (?<state>open|resolved)", RegexOptions.Compiled | RegexOptions.Multiline);

    private readonly OfficeScenario _scenario;
    private readonly OfficeWorld _world;
    private readonly bool _ownsFolder;
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { Timeout = TimeSpan.FromMinutes(5) };
    private readonly List<ChildProcess> _sandboxes = [];
    private readonly Random _random;
    private readonly HashSet<string> _undecided = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _refused = new(StringComparer.Ordinal);
    private readonly object _hostGate = new();
    private SandboxAddresses? _at;
    private ChildProcess? _host;
    private int _lives;
    private long _peakRss;
    private TimeSpan _cpuOfEndedLives;
    private TimeSpan _cpuOfThisLife;
    private volatile int _caseWareDelta = -1;
    private volatile bool _caseWareDone;
    private volatile int _instructionsResolvedOnDashboard;
    private volatile int _instructionsResolvedByCli;
    private int _dashboardPort;
    private int _peakTaskBacklog;
    private int _peakDocumentBacklog;

    /// <summary>One instruction in this many is resolved with the command line, the others on the dashboard.</summary>
    public const int CliShare = 10;

    private OfficeRun(OfficeScenario scenario)
    {
        _scenario = scenario;
        _random = new Random(scenario.Seed);
        _ownsFolder = scenario.Folder is null;
        _world = new OfficeWorld(scenario, scenario.Folder ?? Path.Combine(Path.GetTempPath(), "connectorhost-office-" + Guid.NewGuid().ToString("N")));
    }

    /// <summary>Runs the office at <paramref name="scenario"/>'s scale and checks its end state.</summary>
    public static async Task<OfficeResult> RunAsync(OfficeScenario scenario, CancellationToken cancellationToken = default)
    {
        await using var run = new OfficeRun(scenario);
        return await run.RunAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _host?.Dispose();
        foreach (var sandbox in _sandboxes)
        {
            sandbox.Dispose();
        }

        _http.Dispose();
        if (_ownsFolder)
        {
            try
            {
                Directory.Delete(_world.Root, recursive: true);
            }
            catch (IOException)
            {
                // a file still held: the temporary folder is cleaned by the system later
            }
        }

        await Task.CompletedTask;
    }

    private void Log(string line) => _scenario.Log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.UtcNow:HH:mm:ss}] {line}"));

    private async Task<OfficeResult> RunAsync(CancellationToken cancellationToken)
    {
        Log($"office: {_scenario}");
        Log($"office: folder {_world.Root}");
        _at = await StartSandboxesAsync(cancellationToken);
        await SetFaultsAsync(cancellationToken);
        _world.WriteExport(0);
        _caseWareDelta = 0;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var wall = Stopwatch.StartNew();
        StartHost();
        var sampler = SampleAsync(stop.Token);
        var feedTasks = FeedTasksAsync(wall, stop.Token);
        var feedDocuments = DropDocumentsAsync(wall, stop.Token);
        var decide = DecideAsync(stop.Token);
        var resolve = ResolveInstructionsAsync(stop.Token);
        var caseWare = DriveCaseWareAsync(stop.Token);
        var kills = KillAsync(wall, stop.Token);
        var backlog = WatchBacklogAsync(stop.Token);
        var drivers = new[] { sampler, feedTasks, feedDocuments, decide, resolve, caseWare, kills, backlog };
        try
        {
            var fed = Task.WhenAll(feedTasks, feedDocuments, kills);
            while (!fed.IsCompleted)
            {
                // A driver's failure (the host exiting by itself, a sandbox refusing) ends the run at once with its reason.
                await Task.WhenAny([fed, .. drivers.Where(d => d != sampler && d != decide && d != resolve && d != caseWare && d != backlog), sampler, decide, resolve, caseWare, backlog]).WaitAsync(_scenario.Timeout, cancellationToken);
                if (drivers.FirstOrDefault(d => d.IsFaulted) is { } failed)
                {
                    await failed;
                }
            }

            await fed;
            Log("office: everything fed and every kill done; waiting for the end state");
            await WaitForEndStateAsync(wall, drivers, cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(drivers.Select(async d =>
            {
                try
                {
                    await d;
                }
                catch (OperationCanceledException)
                {
                }
            }));
        }

        wall.Stop();
        Log($"office: end state reached after {wall.Elapsed.TotalSeconds:0} s; stopping the host");
        await StopHostAsync();
        var calls = await CallsAsync(cancellationToken);
        var snapshot = await SnapshotAsync(cancellationToken);
        var verdict = OfficeChecker.Check(snapshot);
        return new OfficeResult(verdict, wall.Elapsed, _peakRss, _cpuOfEndedLives, _lives, calls, _peakTaskBacklog, _peakDocumentBacklog, Report(verdict, wall.Elapsed, calls));
    }

    private async Task<SandboxAddresses> StartSandboxesAsync(CancellationToken cancellationToken)
    {
        async Task<Uri> StartAsync(string name, string dll, params string[] args)
        {
            var port = ChildProcess.FreePort();
            var sandbox = ChildProcess.Start(name, dll, ["--port", port.ToString(CultureInfo.InvariantCulture), .. args]);
            _sandboxes.Add(sandbox);
            var url = new Uri($"http://127.0.0.1:{port}/");
            var waited = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var answer = await _http.GetAsync(new Uri(url, "control/meter"), cancellationToken);
                    if (answer.IsSuccessStatusCode)
                    {
                        return url;
                    }
                }
                catch (HttpRequestException) when (!sandbox.HasExited && waited.Elapsed < TimeSpan.FromSeconds(60))
                {
                }

                if (sandbox.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"The {name} sandbox did not start on {url}: {sandbox.Tail}");
                }

                await Task.Delay(100, cancellationToken);
            }
        }

        var at = new SandboxAddresses(
            await StartAsync("ClientOnline portal", "ConnectorHost.Sandbox.ClientOnlinePortal.dll", "--user", OfficeWorld.User, "--password", OfficeWorld.Secret, "--quiet"),
            await StartAsync("CaseWare Cloud", "ConnectorHost.Sandbox.CaseWareCloud.dll", "--firm", OfficeWorld.Firm, "--client-id", OfficeWorld.User, "--client-secret", OfficeWorld.Secret),
            await StartAsync("accounting platform", "ConnectorHost.Sandbox.AccountingPlatform.dll", "--office", OfficeWorld.PlatformOffice, "--api-key", OfficeWorld.Secret),
            await StartAsync("Certipost", "ConnectorHost.Sandbox.Certipost.dll", "--api-key", OfficeWorld.Secret, "--confirmation-delay", "00:00:05"));
        Log($"office: sandboxes on {at.Portal}, {at.CaseWare}, {at.Platform}, {at.Certipost}");
        return at;
    }

    /// <summary>
    /// The latency and faults of each sandbox, through the one fault injection of sandbox/Shared (OF-3): the scenario's
    /// latency on every call of the service's API, and its share of faults spread evenly over every kind (HTTP 500, 503,
    /// 429 with Retry-After, a dropped connection, the answer lost after the work was done, a slow body), seeded.
    /// </summary>
    private async Task SetFaultsAsync(CancellationToken cancellationToken)
    {
        var each = new { share = _scenario.FaultShare / 6 };
        foreach (var sandbox in new[] { _at!.Portal, _at.CaseWare, _at.Platform, _at.Certipost })
        {
            await PutAsync(new Uri(sandbox, "control/faults"), new
            {
                seed = _scenario.Seed,
                latencyMs = _scenario.LatencyMs,
                http500 = each,
                http503 = each,
                tooManyRequests = each,
                retryAfterSeconds = 1,
                dropConnection = each,
                answerLost = each,
                slowBody = each,
                slowBodyMs = 500,
            }, cancellationToken);
        }
    }

    private async Task PutAsync(Uri url, object body, CancellationToken cancellationToken)
    {
        using var answer = await _http.PutAsJsonAsync(url, body, Json, cancellationToken);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT {url} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private async Task PostAsync(Uri url, object body, CancellationToken cancellationToken)
    {
        using var answer = await _http.PostAsJsonAsync(url, body, Json, cancellationToken);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {url} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private async Task<T> GetAsync<T>(Uri url, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<T>(url, Json, cancellationToken) ?? throw new InvalidOperationException($"GET {url} answered nothing.");

    private void StartHost()
    {
        lock (_hostGate)
        {
            _lives++;
            _dashboardPort = ChildProcess.FreePort();
            _world.WriteConfig(_at!, _dashboardPort);
            _host = ChildProcess.Start($"host (life {_lives})", "ConnectorHost.dll", ["run", "--config", _world.Config], _world.Root);
            _cpuOfThisLife = TimeSpan.Zero;
        }

        Log($"office: host started (life {_lives}, pid {_host.Id})");
    }

    private void Sample()
    {
        lock (_hostGate)
        {
            if (_host?.Resources() is { } r)
            {
                _peakRss = Math.Max(_peakRss, r.PeakRssBytes);
                _cpuOfThisLife = r.Cpu;
            }
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Sample();
            ChildProcess? host;
            lock (_hostGate)
            {
                host = _host;
            }

            if (host is { HasExited: true })
            {
                throw new InvalidOperationException($"The host exited by itself (not killed by the bench): {host.Tail}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>Watches the backlog: tasks the platform holds without a result, documents waiting in the folders.</summary>
    private async Task WatchBacklogAsync(CancellationToken cancellationToken)
    {
        var counts = new Uri(_at!.Platform, $"control/offices/{OfficeWorld.PlatformOffice}/task-counts");
        while (!cancellationToken.IsCancellationRequested)
        {
            var tasks = await GetAsync<TaskCounts>(counts, cancellationToken);
            _peakTaskBacklog = Math.Max(_peakTaskBacklog, tasks.WithoutResult);
            _peakDocumentBacklog = Math.Max(_peakDocumentBacklog, _world.Folders()["in"].Count);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
    }

    private async Task KillAsync(Stopwatch wall, CancellationToken cancellationToken)
    {
        var feed = _scenario.Feed.TotalSeconds;
        var moments = Enumerable.Range(0, _scenario.Kills).Select(_ => feed * (0.15 + (0.7 * _random.NextDouble()))).Order().ToList();
        foreach (var at in moments)
        {
            var wait = TimeSpan.FromSeconds(at) - wall.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            lock (_hostGate)
            {
                Sample();
                _host!.KillHard();
                _cpuOfEndedLives += _cpuOfThisLife;
                _host.Dispose();
                _host = null;
            }

            Log($"office: host killed with SIGKILL at {wall.Elapsed.TotalSeconds:0} s");
            StartHost();
        }
    }

    private async Task StopHostAsync()
    {
        ChildProcess host;
        lock (_hostGate)
        {
            Sample();
            host = _host!;
        }

        await host.TerminateAsync(TimeSpan.FromSeconds(30));
        _cpuOfEndedLives += _cpuOfThisLife;
    }

    private async Task FeedTasksAsync(Stopwatch wall, CancellationToken cancellationToken)
    {
        var tasks = new Uri(_at!.Platform, $"control/offices/{OfficeWorld.PlatformOffice}/tasks");
        var failures = new Uri(_at.Platform, "control/package/failures");
        var sent = 0;
        while (sent < _scenario.Tasks)
        {
            var due = (int)Math.Min(_scenario.Tasks, Math.Ceiling(_scenario.Tasks * (wall.Elapsed / _scenario.Feed)));
            for (; sent < due; sent++)
            {
                // In order of the task number: a dossier's tasks are delivered in the order of their numbers.
                var id = OfficeScenario.TaskId(sent);
                if (OfficeScenario.TaskFails(sent))
                {
                    await PostAsync(failures, new FailureRule("wrong-period", TaskId: id, Times: 1), cancellationToken);
                }

                await PostAsync(tasks, new TaskInput("process-booking-proposal", _scenario.DossierOf(sent), id, $$"""{"bookingDate":"2023-{{(sent % 12) + 1:D2}}-28","amount":{{sent % 997}}}"""), cancellationToken);
            }

            await Task.Delay(200, cancellationToken);
        }

        Log($"office: {sent} tasks delivered");
    }

    private async Task DropDocumentsAsync(Stopwatch wall, CancellationToken cancellationToken)
    {
        var clients = new Uri(_at!.Portal, "control/clients");
        var known = new List<string>();
        var exported = _world.ExportedKvks.ToHashSet(StringComparer.Ordinal);
        var refreshed = Stopwatch.StartNew();
        var dropped = 0;
        while (dropped < _scenario.Documents)
        {
            if (known.Count < exported.Count && (known.Count == 0 || refreshed.Elapsed > TimeSpan.FromSeconds(5)))
            {
                // PDFs go to clients the portal already holds (the set-up imports them during the run), so each
                // known client's document has one right outcome.
                known = [.. (await GetAsync<List<PortalClient>>(clients, cancellationToken)).Select(c => c.KvkNumber).OfType<string>().Where(exported.Contains)];
                refreshed.Restart();
            }

            var due = (int)Math.Min(_scenario.Documents, Math.Ceiling(_scenario.Documents * (wall.Elapsed / _scenario.Feed)));
            for (; dropped < due; dropped++)
            {
                _world.Drop(dropped, known.Count > 0 ? known[_random.Next(known.Count)] : "12345678");
            }

            await Task.Delay(200, cancellationToken);
        }

        Log($"office: {dropped} documents dropped");
    }

    /// <summary>
    /// The portal's client: decides each submission a moment after it arrived, by its name (90/7/3). A refused decision
    /// is tried again on the next pass and ends the run when the portal keeps refusing it, with the portal's reason.
    /// </summary>
    private async Task DecideAsync(CancellationToken cancellationToken)
    {
        var pending = new Uri(_at!.Portal, "control/submissions/pending");
        var letters = new PinLetters(_world.PinLetters);
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var s in await GetAsync<List<PortalSubmission>>(pending, cancellationToken))
            {
                if (_undecided.Contains(s.FileName) || DateTimeOffset.UtcNow - s.ReceivedAt < _scenario.DecisionDelay)
                {
                    continue;
                }

                var refused = OfficeScenario.DecisionOf(s.FileName) switch
                {
                    Decision.Approve => await ApproveAsync(s, letters, cancellationToken),
                    Decision.Reject => await DecideAsync(new Uri(_at.Portal, $"control/submissions/{s.Reference}/reject"), new ReasonInput($"Het resultaat op pagina 2 klopt niet ({s.FileName})."), cancellationToken),
                    _ => Leave(s),
                };
                if (refused is null)
                {
                    _refused.TryRemove(s.Reference, out _);
                }
                else
                {
                    _refused[s.Reference] = $"{s.Reference} ({s.FileName}): {refused}";
                }
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    /// <summary>
    /// Approves as the client does: as the portal's administrator where the client has no users with rights on the
    /// document's type, else as the client's user with the PIN of the letter the set-up import printed (PO-5, PO-6).
    /// </summary>
    /// <returns>Null when approved; else the portal's refusal.</returns>
    private async Task<string?> ApproveAsync(PortalSubmission s, PinLetters letters, CancellationToken cancellationToken)
    {
        var refused = await DecideAsync(new Uri(_at!.Portal, $"control/submissions/{s.Reference}/approve"), new { }, cancellationToken);
        if (refused is null || s.ClientHiddenId is null)
        {
            return refused;
        }

        return letters.Find(s.ClientHiddenId) is { } letter
            ? await DecideAsync(new Uri(_at.Portal, $"control/submissions/{s.Reference}/approve-as-user"), new UserApprovalInput(letter.Login, letter.Pin), cancellationToken)
            : $"{refused} (no PIN letter for client {s.ClientHiddenId} in {_world.PinLetters} yet)";
    }

    /// <summary>Posts a decision.</summary>
    /// <returns>Null when the portal took it; else its status and answer.</returns>
    private async Task<string?> DecideAsync(Uri url, object body, CancellationToken cancellationToken)
    {
        using var answer = await _http.PostAsJsonAsync(url, body, Json, cancellationToken);
        return answer.IsSuccessStatusCode ? null : $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(cancellationToken)}";
    }

    private string? Leave(PortalSubmission s)
    {
        lock (_undecided)
        {
            _undecided.Add(s.FileName);
        }

        return null;
    }

    /// <summary>
    /// The accountant: resolves every open instruction as a person does, on the dashboard's monitoring page (the form's
    /// post, with its anti-forgery token), and one in <see cref="CliShare"/> with the host's command line
    /// (<c>connectorhost resolve</c>), which costs a process each.
    /// </summary>
    private async Task ResolveInstructionsAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            int port;
            lock (_hostGate)
            {
                port = _dashboardPort;
            }

            var dashboard = new Uri($"http://127.0.0.1:{port}/");
            using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = new System.Net.CookieContainer() }) { Timeout = TimeSpan.FromSeconds(60) };
            // Monitoring pages by key, the tasks that need a person first: follow the pages while the next one still
            // starts among them (its key "need-…"); the pipelines' open instructions are on every page.
            string page;
            var open = new List<long>();
            try
            {
                page = await browser.GetStringAsync(new Uri(dashboard, "monitoring"), cancellationToken);
                var next = page;
                while (true)
                {
                    open.AddRange(ResolveForm.Matches(next).Select(m => long.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture)));
                    var link = NextPage.Match(next);
                    var href = link.Success ? System.Net.WebUtility.HtmlDecode(link.Groups["href"].Value) : null;
                    if (href is null || !href.Contains("after=need-", StringComparison.Ordinal))
                    {
                        break;
                    }

                    next = await browser.GetStringAsync(new Uri(dashboard, href), cancellationToken);
                }
            }
            catch (HttpRequestException)
            {
                continue; // the host is starting (or was just killed): the next look
            }

            var token = HiddenField.Match(page);
            foreach (var id in open.Distinct())
            {
                if (id % CliShare == 0)
                {
                    await HostCommandLine.RunAsync(_world.Root, "resolve", id.ToString(CultureInfo.InvariantCulture), "--config", _world.Config, "--by", "office-bench");
                    _instructionsResolvedByCli++;
                    continue;
                }

                try
                {
                    using var form = new FormUrlEncodedContent([new(token.Groups["name"].Value, System.Net.WebUtility.HtmlDecode(token.Groups["value"].Value))]);
                    using var answer = await browser.PostAsync(new Uri(dashboard, $"instructions/{id}/resolve"), form, cancellationToken);
                    if (answer.IsSuccessStatusCode || answer.StatusCode == System.Net.HttpStatusCode.Redirect)
                    {
                        _instructionsResolvedOnDashboard++;
                    }
                }
                catch (HttpRequestException)
                {
                    break; // the host was killed: the next look, on its next life
                }
            }
        }
    }

    private async Task DriveCaseWareAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            if ((await CaseWareDifferencesAsync(cancellationToken)).Count > 0)
            {
                continue;
            }

            if (_caseWareDelta >= _scenario.CaseWareDeltas)
            {
                _caseWareDone = true;
                Log($"office: CaseWare Cloud equals the export after delta {_caseWareDelta}");
                return;
            }

            Log($"office: CaseWare Cloud equals the export{(_caseWareDelta == 0 ? " (initial sync)" : $" after delta {_caseWareDelta}")}; writing delta {_caseWareDelta + 1}");
            _world.WriteExport(_caseWareDelta + 1);
            _caseWareDelta++;
        }
    }

    private async Task<IReadOnlyList<string>> CaseWareDifferencesAsync(CancellationToken cancellationToken)
    {
        var (entities, contacts) = await CaseWareAsync(cancellationToken);
        return OfficeChecker.CaseWareDifferences(_world.Export, entities, contacts);
    }

    private async Task<(IReadOnlyList<EntityView> Entities, IReadOnlyList<ContactView> Contacts)> CaseWareAsync(CancellationToken cancellationToken)
    {
        var entities = await GetAsync<List<Entity>>(new Uri(_at!.CaseWare, "control/entities"), cancellationToken);
        var contacts = await GetAsync<List<Contact>>(new Uri(_at.CaseWare, "control/contacts"), cancellationToken);
        return ([.. entities.Select(e => new EntityView(e.Id, e.EntityNo, e.Name, e.Phone))], [.. contacts.Select(c => new ContactView(c.EntityId, c.Email, c.Mobile))]);
    }

    private async Task WaitForEndStateAsync(Stopwatch wall, Task[] drivers, CancellationToken cancellationToken)
    {
        var said = string.Empty;
        while (true)
        {
            if (drivers.FirstOrDefault(d => d.IsFaulted) is { } failed)
            {
                await failed; // a driver's failure (the host exiting by itself, a sandbox refusing) ends the run with its reason
            }

            var waiting = await WhatIsLeftAsync(cancellationToken);
            if (waiting.Count == 0)
            {
                return;
            }

            var now = string.Join("; ", waiting);
            if (now != said)
            {
                Log($"office: waiting at {wall.Elapsed.TotalSeconds:0} s for {now}");
                said = now;
            }

            if (wall.Elapsed > _scenario.Timeout)
            {
                throw new TimeoutException($"The office did not reach its end state within {_scenario.Timeout}: still waiting for {now}. Host: {_host?.Tail}");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
    }

    private async Task<List<string>> WhatIsLeftAsync(CancellationToken cancellationToken)
    {
        var left = new List<string>();
        var counts = await GetAsync<TaskCounts>(new Uri(_at!.Platform, $"control/offices/{OfficeWorld.PlatformOffice}/task-counts"), cancellationToken);
        if (counts.Done < _scenario.Tasks)
        {
            var detail = string.Empty;
            if (_scenario.Tasks - counts.Done <= 5)
            {
                // The last few: name them, with the result the platform holds, so a run that never ends says why.
                var tasks = await GetAsync<List<PlatformTaskStatus>>(new Uri(_at.Platform, $"control/offices/{OfficeWorld.PlatformOffice}/tasks"), cancellationToken);
                detail = " (" + string.Join(", ", tasks.Where(t => t.Result?.Status != "done").Select(t => $"{t.Task.Id} of {t.Task.Dossier}: {t.Result?.Status ?? "no result"} {t.Result?.Cause}, reported {t.Reports}x")) + ")";
            }

            left.Add($"{_scenario.Tasks - counts.Done} tasks{detail}");
        }

        var folders = _world.Folders();
        int undecided;
        lock (_undecided)
        {
            undecided = _undecided.Count;
            var inbox = folders["in"];
            if (inbox.Count != undecided || inbox.Any(f => !_undecided.Contains(f)))
            {
                var refusals = _refused.Values.Order(StringComparer.Ordinal).ToList();
                left.Add($"{inbox.Count(f => !_undecided.Contains(f))} documents" + (refusals.Count == 0 ? string.Empty
                    : $" ({refusals.Count} decisions refused by the portal so far, e.g. {string.Join("; ", refusals.Take(2))})"));
            }
        }

        if (!_caseWareDone)
        {
            left.Add($"CaseWare (delta {_caseWareDelta} of {_scenario.CaseWareDeltas})");
        }

        var accounts = await GetAsync<List<CustomerAccount>>(new Uri(_at.Certipost, "control/accounts"), cancellationToken);
        if (accounts.Count < _scenario.Relations)
        {
            left.Add($"{_scenario.Relations - accounts.Count} Certipost relations");
        }

        var users = await GetAsync<List<PortalUser>>(new Uri(_at.Portal, "control/users"), cancellationToken);
        if (users.Count < _scenario.Clients)
        {
            left.Add($"{_scenario.Clients - users.Count} portal users");
        }

        if (left.Count == 0)
        {
            var confirmed = await ConfirmedAsync();
            if (confirmed.Count < _scenario.Relations)
            {
                left.Add($"{_scenario.Relations - confirmed.Count} Certipost confirmations");
            }
        }

        return left;
    }

    private async Task<IReadOnlyList<string>> ConfirmedAsync()
    {
        var label = "Toegestaan, bevestigd";
        var output = await HostCommandLine.RunAsync(_world.Root, "command", "certipost", "relations", "--config", _world.Config);
        var relations = _world.Relations.ToHashSet(StringComparer.Ordinal);
        return [.. output.Split('\n').Where(l => l.Contains(label, StringComparison.Ordinal))
            .Select(l => l.Split([' ', '|', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(relations.Contains)).OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    private async Task<IReadOnlyList<CallFigures>> CallsAsync(CancellationToken cancellationToken)
    {
        var figures = new List<CallFigures>();
        foreach (var (connector, url) in new[] { ("ClientOnline portal", _at!.Portal), ("CaseWare Cloud", _at.CaseWare), ("accounting platform", _at.Platform), ("Certipost", _at.Certipost) })
        {
            var meter = await GetAsync<Dictionary<string, MeterEntry>>(new Uri(url, "control/meter"), cancellationToken);
            figures.AddRange(meter.Select(m => new CallFigures(connector, m.Key, m.Value.Calls, m.Value.MaxInFlight)));
        }

        return figures;
    }

    private async Task<OfficeSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var clients = await GetAsync<List<PortalClient>>(new Uri(_at!.Portal, "control/clients"), cancellationToken);
        var kvkOf = clients.Where(c => c.KvkNumber is not null).ToDictionary(c => c.HiddenId, c => c.KvkNumber!, StringComparer.Ordinal);
        var users = await GetAsync<List<PortalUser>>(new Uri(_at.Portal, "control/users"), cancellationToken);
        var (entities, contacts) = await CaseWareAsync(cancellationToken);
        var instructions = InstructionLine.Matches(await HostCommandLine.RunAsync(_world.Root, "instructions", "--all", "--config", _world.Config))
            .Select(m => new InstructionView(long.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture), m.Groups["dossier"].Value, m.Groups["state"].Value == "open"))
            .ToList();
        return new OfficeSnapshot
        {
            Dropped = _world.Dropped,
            Submissions = [.. (await GetAsync<List<PortalSubmission>>(new Uri(_at.Portal, "control/submissions"), cancellationToken)).Select(s => new SubmissionView(s.Reference, s.FileName, s.Status.ToString()))],
            Folders = _world.Folders(),
            ExportedKvks = _world.ExportedKvks,
            PortalKvks = [.. clients.Select(c => c.KvkNumber).OfType<string>()],
            PinUsersByKvk = users.Where(u => u.Token == Plugins.ClientOnline.Contracts.Beheer.ApprovalTokenKind.Pin && kvkOf.ContainsKey(u.ClientHiddenId))
                .GroupBy(u => kvkOf[u.ClientHiddenId], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Tasks = [.. (await GetAsync<List<PlatformTaskStatus>>(new Uri(_at.Platform, $"control/offices/{OfficeWorld.PlatformOffice}/tasks"), cancellationToken))
                .Select(t => new TaskView(t.Task.Id, t.Task.Dossier, t.Result?.Status))],
            Runs = [.. (await GetAsync<List<PackageRun>>(new Uri(_at.Platform, "control/package/runs"), cancellationToken)).Select(r => new RunView(r.TaskId, r.Dossier, r.Cause, r.Repeat, r.AnswerLost))],
            Instructions = instructions,
            Export = _world.Export,
            Entities = entities,
            Contacts = contacts,
            Relations = _world.Relations,
            OptIns = [.. (await GetAsync<List<OptInBatch>>(new Uri(_at.Certipost, "control/batches"), cancellationToken)).SelectMany(b => b.OptIns ?? []).Select(o => o.CustomerReference).OfType<string>()],
            Accounts = [.. (await GetAsync<List<CustomerAccount>>(new Uri(_at.Certipost, "control/accounts"), cancellationToken)).Select(a => a.CustomerReference)],
            Confirmed = await ConfirmedAsync(),
            Kills = _scenario.Kills,
            Workers = OfficeWorld.Workers,
        };
    }

    private List<string> Report(OfficeVerdict verdict, TimeSpan wall, IReadOnlyList<CallFigures> calls)
    {
        var lines = new List<string>
        {
            $"An office's year, {_scenario}",
            string.Create(CultureInfo.InvariantCulture, $"wall time {wall.TotalMinutes:0.0} min ({wall.TotalSeconds:0} s); host: peak RSS {_peakRss / 1024.0 / 1024.0:0} MB, CPU {_cpuOfEndedLives.TotalSeconds:0} s over {_lives} lives ({_lives - 1} SIGKILLs); {_instructionsResolvedOnDashboard} instructions resolved on the dashboard, {_instructionsResolvedByCli} with the command line"),
            string.Create(CultureInfo.InvariantCulture, $"backlog at its peak: {_peakTaskBacklog} tasks without a result at the platform, {_peakDocumentBacklog} documents waiting in the folders; every pipeline's maxInFlight {OfficeWorld.MaxInFlight}, the queue's workers {OfficeWorld.Workers}"),
            string.Create(CultureInfo.InvariantCulture, $"{"connector",-20} {"calls of",-34} {"calls",9} {"max in flight",13} {"floor (calls x RTT / in flight)",32}"),
        };
        foreach (var c in calls.OrderBy(c => c.Connector, StringComparer.Ordinal).ThenBy(c => c.Kind, StringComparer.Ordinal))
        {
            var floor = c.MaxInFlight > 0 ? c.Calls * _scenario.LatencyMs / 1000.0 / c.MaxInFlight : 0;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{c.Connector,-20} {c.Kind,-34} {c.Calls,9} {c.MaxInFlight,13} {floor,30:0} s"));
        }

        lines.AddRange(verdict.Counts.Select(c => "  " + c));
        lines.Add(verdict.Passed ? "checker: the end state is right (0 lost, 0 doubled, 0 misfiled)" : "checker: FAILED");
        lines.AddRange(verdict.Problems.Select(p => "  " + p));
        return lines;
    }

    private sealed record MeterEntry(long Calls, long InFlight, long MaxInFlight);
}
