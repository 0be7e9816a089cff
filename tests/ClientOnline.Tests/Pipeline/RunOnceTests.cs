namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// run-once and a fresh start: stability is judged by the file's own last-write time and size, so a process that sees
/// a file for the first time submits it at once when it was written longer than stableFor ago.
/// </summary>
public sealed class RunOnceTests
{
    [Fact]
    [Trait("Req", "CO-1")]
    public async Task A_single_run_of_a_fresh_source_submits_a_file_written_longer_than_stableFor_ago()
    {
        await using var h = await ClientOnlineHarness.StartAsync(realClock: true);
        var path = h.DropPdf("12345678_jaarrekening.pdf", "written an hour ago");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        var runner = h.Runner(h.CreateSource(h.SourceSettings(stableFor: TimeSpan.FromSeconds(5))), h.CreateTarget());

        var (_, summary) = await runner.RunOnceAsync(CancellationToken.None);

        summary.ShouldStartWith("1 submitted");
        (await h.SingleSubmissionAsync()).Sha256.ShouldBe(ClientOnlineHarness.Sha256Of(path));
    }

    [Fact]
    [Trait("Req", "CO-1")]
    public async Task A_single_run_leaves_a_file_written_just_now_waiting()
    {
        await using var h = await ClientOnlineHarness.StartAsync(realClock: true);
        h.DropPdf("12345678_jaarrekening.pdf", "written just now");
        var runner = h.Runner(h.CreateSource(h.SourceSettings(stableFor: TimeSpan.FromSeconds(30))), h.CreateTarget());

        var (_, summary) = await runner.RunOnceAsync(CancellationToken.None);

        summary.ShouldStartWith("0 submitted");
        (await h.SubmissionsAsync()).ShouldBeEmpty();
    }
}
