using System.Diagnostics;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>A file written slowly while the pipeline runs is submitted once, complete.</summary>
public sealed class SlowWriteTests
{
    [Fact]
    public async Task A_file_written_in_chunks_over_seconds_is_submitted_once_and_complete()
    {
        await using var h = await ClientOnlineHarness.StartAsync(realClock: true);
        var runner = h.Runner(h.CreateSource(h.SourceSettings(stableFor: TimeSpan.FromSeconds(1))), h.CreateTarget());
        var path = Path.Combine(h.PdfIn, "12345678_jaarrekening.pdf");
        Directory.CreateDirectory(h.PdfIn);
        using var stop = new CancellationTokenSource();
        var runs = 0;
        var running = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await runner.RunOnceAsync(CancellationToken.None);
                runs++;
                await Task.Delay(100);
            }
        });

        // 16 chunks, 250 ms apart: 4 s of writing, each chunk appended with the file closed in between, so only
        // the unchanged size and time for stableFor (1 s) tell that the file is not complete yet.
        var random = new Random(7);
        for (var i = 0; i < 16; i++)
        {
            var chunk = new byte[4096];
            random.NextBytes(chunk);
            if (i == 0)
            {
                "%PDF-1.4\n"u8.CopyTo(chunk);
            }

            await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                await stream.WriteAsync(chunk);
            }

            await Task.Delay(250);
        }

        var finalHash = ClientOnlineHarness.Sha256Of(path);
        var waited = Stopwatch.StartNew();
        while (h.Portal.State.Submissions.Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        await Task.Delay(500); // a few more runs: still one submission
        await stop.CancelAsync();
        await running;

        runs.ShouldBeGreaterThan(10);
        var submission = h.Portal.State.Submissions.ShouldHaveSingleItem();
        submission.Size.ShouldBe(16 * 4096);
        submission.Sha256.ShouldBe(finalHash);
        (await h.LedgerAsync()).ShouldHaveSingleItem().Status.ShouldBe(ConnectorHost.State.LedgerStatus.Pending);
    }
}
