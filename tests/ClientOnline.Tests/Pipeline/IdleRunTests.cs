using System.Collections.Concurrent;
using ConnectorHost.Abstractions.Files;
using ConnectorHost.Plugins.ClientOnline.Folders;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// The idle run (OF-2's mechanism): with every document submitted and waiting for the client's decision, a run opens
/// no file and asks the portal about each pending document once, and nothing more.
/// </summary>
public sealed class IdleRunTests
{
    private const int Documents = 20;

    [Fact]
    [Trait("Req", "OF-2")]
    [Trait("Req", "CO-8")]
    public async Task An_idle_run_opens_no_file_and_asks_the_portal_once_about_each_pending_document()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        for (var n = 0; n < Documents; n++)
        {
            h.DropPdf($"12345678_jaarrekening-{n:D2}.pdf", $"annual accounts {n}");
        }

        var source = (ClientOnlineFolderSource)h.CreateSource();
        var opened = new ConcurrentQueue<string>();
        source.OpenFile = (path, bufferSize) =>
        {
            opened.Enqueue(Path.GetFileName(path));
            return OutsideFile.OpenRead(path, bufferSize);
        };
        var runner = h.Runner(source, h.CreateTarget()); // pollEvery 0: every run asks about every pending one
        var (_, first) = await runner.RunOnceAsync(CancellationToken.None);
        first.ShouldStartWith($"{Documents} submitted");
        opened.ShouldNotBeEmpty("the first run reads each file to tell it and to submit it");
        opened.Clear();
        var calls = h.Portal.Faults.Calls;

        var (_, idle) = await runner.RunOnceAsync(CancellationToken.None);
        var (_, again) = await runner.RunOnceAsync(CancellationToken.None);

        opened.ShouldBeEmpty("an unchanged pending file is known by its size and times: not opened");
        (h.Portal.Faults.Calls - calls).ShouldBe(2 * Documents, "one status call per pending document per run, no submission");
        idle.ShouldStartWith($"0 submitted, 0 decided, 0 put away, {Documents} pending");
        again.ShouldStartWith($"0 submitted, 0 decided, 0 put away, {Documents} pending");
        (await h.SubmissionsAsync()).Count.ShouldBe(Documents);
        (await h.SubmissionsAsync()).ShouldAllBe(s => s.Status == ConnectorHost.Plugins.ClientOnline.Contracts.SubmissionStatus.Pending);
    }
}
