using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// A file written slowly while the pipeline runs is submitted once, complete. Deterministic: the writer stamps each
/// chunk with the source's fake clock, and the clock is advanced between runs, so no timing decides the result.
/// </summary>
public sealed class SlowWriteTests
{
    [Fact]
    public async Task A_file_written_in_chunks_is_submitted_once_and_complete_after_it_stays_unchanged_for_stableFor()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var runner = h.Runner(h.CreateSource(h.SourceSettings(stableFor: TimeSpan.FromSeconds(1)), clock), h.CreateTarget());
        var path = Path.Combine(h.PdfIn, "12345678_jaarrekening.pdf");
        Directory.CreateDirectory(h.PdfIn);

        // 16 chunks, 250 ms apart on the clock, each appended with the file closed in between: only the file's recent
        // last-write time tells that it is not complete. A run after every chunk submits nothing.
        var random = new Random(7);
        for (var i = 0; i < 16; i++)
        {
            var chunk = new byte[4096];
            random.NextBytes(chunk);
            if (i == 0)
            {
                "%PDF-1.4\n"u8.CopyTo(chunk);
            }

            if (i == 15)
            {
                "\n%%EOF\n"u8.CopyTo(chunk.AsSpan(chunk.Length - 7));
            }

            await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                await stream.WriteAsync(chunk);
            }

            File.SetLastWriteTimeUtc(path, clock.GetUtcNow().UtcDateTime);
            await runner.RunOnceAsync(CancellationToken.None);
            h.Portal.State.Submissions.ShouldBeEmpty($"after chunk {i + 1}");
            clock.Advance(TimeSpan.FromMilliseconds(250));
        }

        clock.Advance(TimeSpan.FromMilliseconds(750)); // unchanged for stableFor (1 s) since the last chunk
        await runner.RunOnceAsync(CancellationToken.None);
        await runner.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));
        await runner.RunOnceAsync(CancellationToken.None);

        var submission = h.Portal.State.Submissions.ShouldHaveSingleItem();
        submission.Size.ShouldBe(16 * 4096);
        submission.Sha256.ShouldBe(ClientOnlineHarness.Sha256Of(path));
        (await h.LedgerAsync()).ShouldHaveSingleItem().Status.ShouldBe(ConnectorHost.State.LedgerStatus.Pending);
    }
}
