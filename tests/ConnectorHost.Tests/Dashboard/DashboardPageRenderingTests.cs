using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.State;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// The dashboard's Razor pages, rendered as the dashboard renders them (static HTML): text from outside — a file
/// name, a portal's reason, a command's table cell — is written encoded, never as markup.
/// </summary>
public sealed class DashboardPageRenderingTests
{
    private const string Hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";

    private static readonly Navigation Navigation = new(["certi<b>post"], "anna<i>", new FormToken("__RequestVerificationToken", "token\"value"));

    [Fact]
    public async Task Document_fields_from_outside_are_written_encoded()
    {
        var entry = new LedgerEntry
        {
            Key = "k1",
            Pipeline = "clientonline",
            Locator = "inbox/x.pdf",
            FileName = Hostile + ".pdf",
            ClientNumber = Hostile,
            Status = LedgerStatus.Rejected,
            Reason = Hostile,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };

        var filter = new ListFilter("rejected", null, Hostile, null, null, Hostile, null);
        var html = await RenderAsync<DocumentsPage>(new DocumentsModel(Navigation, filter, new ListPage<LedgerEntry, LedgerStatus>([entry], null, new Dictionary<LedgerStatus, long> { [LedgerStatus.Rejected] = 1 })));

        html.ShouldNotContain("<script>");
        html.ShouldNotContain("<img");
        html.ShouldNotContain("<b>");
        html.ShouldNotContain("<i>");
        html.ShouldContain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
        html.ShouldContain("value=\"token&quot;value\"");
        html.ShouldContain("<tr class=\"orange\" data-file=\"&lt;script&gt;");
    }

    [Fact]
    public async Task A_commands_table_and_summary_from_a_plugin_are_written_encoded()
    {
        var table = new ResultTable("Relations", ["Name", "Status"], [new ResultRow([Hostile, "ok"]) { Mark = RowMark.Warning }]);
        var result = new AdminCommandResult(false, Hostile) { Tables = [table] };
        var command = new AdminCommand("list", Hostile);

        var html = await RenderAsync<PipelinePage>(new PipelineModel(Navigation, "certipost", null, null, [new CommandSection(command, result)]));

        html.ShouldNotContain("<script>");
        html.ShouldNotContain("<img");
        html.ShouldContain("<div class=\"result failed\" id=\"view-list\">");
        html.ShouldContain("<table id=\"view-list-0\">");
        html.ShouldContain("<tr class=\"orange\"><td>&lt;script&gt;");
    }

    private static async Task<string> RenderAsync<TPage>(object model)
        where TPage : IComponent
    {
        await using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TPage>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model }));
            return output.ToHtmlString();
        });
    }
}
