using System.Diagnostics;
using Xunit.Abstractions;
using ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

namespace ConnectorHost.Plugins.ClientOnline.Tests.EndToEnd;

/// <summary>
/// The built host as a child process, killed with SIGKILL at random moments while it submits a batch of files to
/// the sandbox portal (which runs in the test, outside the host): no document reaches the portal twice and every
/// file ends in exactly one folder.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Files = 200;
    private const int Kills = 20;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "co-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    [Trait("Req", "CO-2")]
    [Trait("Req", "CO-7")]
    public async Task Killing_the_host_at_random_moments_never_submits_a_document_twice_and_leaves_each_file_in_one_folder()
    {
        await using var portal = await SandboxTestKit.StartAsync();
        var config = WriteConfig(portal.ServiceUrl);
        var source = Path.Combine(_root, "in");
        Directory.CreateDirectory(source);
        var names = new List<string>();
        async Task DropAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var name = $"12345678_document-{names.Count:D3}.pdf";
                await File.WriteAllTextAsync(Path.Combine(source, name), $"%PDF-1.4\ndocument {names.Count}\n%%EOF\n");
                names.Add(name);
            }
        }

        // The client approves whatever waits, all the time, so documents keep moving to Goedgekeurd during the kills.
        using var stop = new CancellationTokenSource();
        var approver = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var waiting in portal.State.Submissions.Where(s => s.Status.ToString() == "Pending"))
                {
                    portal.State.Approve(waiting.Reference);
                }

                await Task.Delay(50);
            }
        });

        var approved = Path.Combine(_root, "Goedgekeurd");
        var random = new Random(20261123);
        var interrupted = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            await DropAsync(Files / Kills); // new work for every life of the host, so that the kills interrupt it
            var batch = names.Skip(names.Count - (Files / Kills)).ToArray();
            var submittedBefore = portal.State.Submissions.Count;
            using var host = StartHost(config);
            using var stopsTheHost = new KillsOnDispose(host);

            // Kill only once this life has started work (a new submission reached the portal), a moment into it.
            await WaitForWorkAsync(host, () => portal.State.Submissions.Count > submittedBefore, kill);
            await Task.Delay(random.Next(0, 300));
            host.Kill(entireProcessTree: true); // SIGKILL: no graceful stop
            await host.WaitForExitAsync();

            var finished = batch.Count(name => File.Exists(Path.Combine(approved, name)));
            if (finished < batch.Length)
            {
                interrupted++;
            }
        }

        names.Count.ShouldBe(Files);
        output.WriteLine($"After {Kills} kills ({interrupted} of them with this life's files still unfinished): "
            + $"{portal.State.Submissions.Count} submitted, {ClientOnlineHarness.FilesIn(approved).Length} in Goedgekeurd.");
        interrupted.ShouldBeGreaterThanOrEqualTo(Kills / 4, "too few kills landed while the host was working: the test no longer interrupts work");
        using (var last = StartHost(config))
        {
            using var stopsTheHost = new KillsOnDispose(last);
            var waited = Stopwatch.StartNew();
            while (ClientOnlineHarness.FilesIn(approved).Length < Files && waited.Elapsed < TimeSpan.FromSeconds(90) && !last.HasExited)
            {
                await Task.Delay(200);
            }

            last.Kill(entireProcessTree: true);
            await last.WaitForExitAsync();
        }

        await stop.CancelAsync();
        await approver;

        var submissions = portal.State.Submissions;
        submissions.Select(s => s.FileName).Order(StringComparer.Ordinal).ShouldBe(names);
        submissions.Select(s => s.Sha256).Distinct().Count().ShouldBe(Files);
        ClientOnlineHarness.FilesIn(approved).ShouldBe(names);
        ClientOnlineHarness.FilesIn(source).ShouldBeEmpty();
        foreach (var other in new[] { "Afgekeurd", "Niet gevonden", "Fout" })
        {
            ClientOnlineHarness.FilesIn(Path.Combine(_root, other)).ShouldBeEmpty(other);
        }
    }

    private static async Task WaitForWorkAsync(Process host, Func<bool> started, int life)
    {
        var waited = Stopwatch.StartNew();
        while (!started())
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"Life {life + 1} of the host exited with {host.ExitCode} before it submitted anything.");
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new TimeoutException($"Life {life + 1} of the host submitted nothing within 120 s: it does not start work.");
            }

            await Task.Delay(20);
        }
    }

    private string WriteConfig(Uri serviceUrl)
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "connectorhost.yaml");
        File.WriteAllText(file, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(TestPaths.RepoRoot, "artifacts", "plugins")}
              shutdownTimeout: 5s
              # A killed life leaves its pipeline lease behind; the next life takes the pipeline over once the lease
              # has run out. The shortest lease keeps 20 lives from waiting 30 s (the default) each.
              leaseTime: 3s
              logging:
                level: Warning
            pipelines:
              - name: clientonline
                every: 1s
                maxAttempts: 100
                firstRetryDelay: 1s
                maxRetryDelay: 2s
                source:
                  type: clientonline.folder
                  settings:
                    stableFor: 0s
                    createFolders: true
                    folders:
                      - source: in
                        pattern: "*.pdf"
                        kind: Pdf
                        documentType: jaarrekening
                        approved: Goedgekeurd
                        rejected: Afgekeurd
                        notFound: Niet gevonden
                        error: Fout
                target:
                  type: clientonline.accordering
                  settings:
                    endpoint: {serviceUrl}
                    userName: demo
                    password: demo
                    timeout: 10s
            """);
        return file;
    }

    private static Process StartHost(string config)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ConnectorHost.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
