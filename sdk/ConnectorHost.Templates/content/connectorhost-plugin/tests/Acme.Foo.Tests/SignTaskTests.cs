using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Pipelines;
using ConnectorHost.Testing;

namespace Acme.Foo.Tests;

/// <summary>
/// The sign task against the host's real parts: a SQLite record store, the Scriban renderer, the settings binder, and
/// (end to end) the host's own pipeline runner on the fake clock.
/// </summary>
public sealed class SignTaskTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Environment = new() { ["ACME_FOO_SIGNING_KEY"] = "test-key" };

    private TestComponentContext context = null!;

    public async Task InitializeAsync() => context = await TestComponentContext.CreateAsync("acme-foo");

    public async Task DisposeAsync() => await context.DisposeAsync();

    private SignTask Task() => (SignTask)context.Create(new SignTaskFactory(), """
        inbox: inbox
        outbox: signed
        signingKey: ${ACME_FOO_SIGNING_KEY}
        """, Environment);

    [Fact]
    public async Task A_new_file_is_signed_once_recorded_and_reported_by_mail()
    {
        Directory.CreateDirectory(context.ResolvePath("inbox"));
        File.WriteAllText(context.ResolvePath("inbox/a.txt"), "hello");
        var task = Task();

        var first = await task.RunAsync(CancellationToken.None);
        var second = await task.RunAsync(CancellationToken.None);

        Assert.Equal(SyncResultKind.Success, first.Kind);
        Assert.StartsWith("1 file(s) signed, 0 unchanged", first.Summary, StringComparison.Ordinal);
        Assert.StartsWith("0 file(s) signed, 1 unchanged", second.Summary, StringComparison.Ordinal);
        Assert.True(File.Exists(context.ResolvePath("signed/a.txt.sig")));
        var record = await context.State.Records.GetAsync(SignTask.Collection, "a.txt", CancellationToken.None);
        Assert.Equal("signed", record?.Status);
        var mail = Assert.Single(context.Mailer!.Sent);
        Assert.Equal("1 file(s) signed by acme-foo", mail.Subject.Trim());
        Assert.Contains("- a.txt", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_to_end_through_the_hosts_pipeline_runner_each_file_is_signed_once_and_a_missing_inbox_fails_the_run()
    {
        var pipeline = new PipelineHarness(context).Sync(Task());
        Directory.CreateDirectory(context.ResolvePath("inbox"));
        File.WriteAllText(context.ResolvePath("inbox/a.txt"), "a");

        var first = await pipeline.RunOnceAsync();
        context.FakeClock.Advance(TimeSpan.FromMinutes(15));
        File.WriteAllText(context.ResolvePath("inbox/b.txt"), "b");
        var second = await pipeline.RunOnceAsync();

        Assert.Equal(RunOutcome.Succeeded, first.Outcome);
        Assert.StartsWith("1 file(s) signed, 0 unchanged", first.Summary, StringComparison.Ordinal);
        Assert.StartsWith("1 file(s) signed, 1 unchanged", second.Summary, StringComparison.Ordinal);
        Assert.Equal(2, context.Mailer!.Sent.Count);

        Directory.Delete(context.ResolvePath("inbox"), recursive: true);
        var third = await pipeline.RunOnceAsync();

        Assert.Equal(RunOutcome.Failed, third.Outcome); // a passing failure: the host tries again at the next run
        Assert.Contains("does not exist", third.Summary, StringComparison.Ordinal);
        Assert.Empty(await pipeline.OpenInstructionsAsync());
    }

    [Fact]
    public async Task The_list_view_shows_what_was_signed()
    {
        Directory.CreateDirectory(context.ResolvePath("inbox"));
        File.WriteAllText(context.ResolvePath("inbox/b.txt"), "b");
        var task = Task();
        await task.RunAsync(CancellationToken.None);

        var result = await ((IAdminCommands)task).RunAsync(new AdminCommandRequest("list", new Dictionary<string, string>(), "test"), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("b.txt", Assert.Single(Assert.Single(result.Tables).Rows).Cells[0]);
    }

    [Fact]
    public void An_unset_secret_and_a_bad_pattern_are_reported_with_their_line()
    {
        var result = context.SettingsFor<SignSettings>("""
            inbox: inbox
            outbox: signed
            pattern: sub/*.txt
            signingKey: ${ACME_FOO_SIGNING_KEY}
            """);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Line == 3 && e.Path == "settings.pattern");
        Assert.Contains(result.Errors, e => e.Line == 4 && e.Path == "settings.signingKey");
    }
}
