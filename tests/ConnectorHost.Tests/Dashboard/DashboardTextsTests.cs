using System.Globalization;
using ConnectorHost.Dashboard;
using ConnectorHost.Dashboard.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// The dashboard's texts (UI-6) as the built resources give them: every Dutch text of Texts.nl.txt comes back for its
/// key on a Dutch page, every English text of Texts.en.txt on an English one. Resource names ignore case, so "Done"
/// and "done" as two keys would keep one of them only (MSB3568) and the other would show in English on a Dutch page.
/// </summary>
public sealed class DashboardTextsTests
{
    private static readonly string Folder = Path.Combine(Support.RepoRoot.Find(), "host", "Dashboard");

    [Fact]
    [Trait("Req", "UI-6")]
    public void Every_Dutch_text_is_found_by_its_key_and_no_two_keys_differ_only_in_case()
    {
        var dutch = Read("Texts.nl.txt");
        dutch.Count.ShouldBeGreaterThan(150);
        dutch.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ShouldBeEmpty();
        var wrong = InCulture("nl", localizer => dutch.Where(p => localizer[p.Key].Value != p.Value).Select(p => $"{p.Key} = {localizer[p.Key].Value}").ToList());
        wrong.ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "UI-6")]
    public void A_key_that_is_not_its_own_English_text_has_its_English_text_and_its_Dutch_one()
    {
        var english = Read("Texts.en.txt");
        english.Keys.ShouldContain("tasks: done");
        var dutch = Read("Texts.nl.txt");
        english.Keys.Where(k => !dutch.ContainsKey(k)).ShouldBeEmpty();
        InCulture("en", localizer => english.Where(p => localizer[p.Key].Value != p.Value).Select(p => p.Key).ToList()).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "UI-6")]
    public async Task A_history_says_where_each_step_was_recorded_in_Dutch_on_a_Dutch_page()
    {
        var at = DateTimeOffset.UtcNow;
        HistoryStep[] steps =
        [
            new(at, "Delivered by the accounting platform", null, string.Empty, "source: queue"),
            new(at, "Accountant instruction", null, "orange", "source: instruction"),
            new(at, "retry", null, string.Empty, "source: audit"),
            new(at, "First seen", null, string.Empty, "source: ledger"),
        ];

        var dutch = await RenderAsync("nl", steps);
        var english = await RenderAsync("en", steps);

        dutch.ShouldContain("<td>wachtrij</td>");
        dutch.ShouldContain("<td>instructie</td>");
        dutch.ShouldContain("<td>auditlog</td>");
        dutch.ShouldContain("<td>grootboek van documenten</td>");
        english.ShouldContain("<td>queue</td>");
        english.ShouldContain("<td>audit</td>");
        english.ShouldNotContain("source:");
    }

    [Fact]
    [Trait("Req", "UI-6")]
    public async Task The_live_switch_speaks_Dutch_on_a_Dutch_page()
    {
        var parameters = new Dictionary<string, object?> { ["Path"] = "/", ["Live"] = true };
        var dutch = await RenderAsync<LiveSwitch>("nl", parameters);
        var english = await RenderAsync<LiveSwitch>("en", parameters);

        dutch.ShouldContain("Live: deze pagina ververst elke 10 seconden.");
        dutch.ShouldContain(">Stoppen</a>");
        english.ShouldContain("Live: this page refreshes every 10 seconds.");
    }

    [Fact]
    [Trait("Req", "UI-6")]
    public async Task The_login_form_and_its_refusal_speak_Dutch_on_a_Dutch_page()
    {
        var navigation = new Navigation([], null, new FormToken("__RequestVerificationToken", "token"));
        var refused = InCulture("nl", t => t["The user name or password is not right."].Value);
        var parameters = new Dictionary<string, object?> { ["Model"] = new LoginModel(navigation, true, "/", refused) };

        var dutch = await RenderAsync<LoginPage>("nl", parameters);
        var english = await RenderAsync<LoginPage>("en", parameters);

        dutch.ShouldContain("<title>Aanmelden - ConnectorHost</title>");
        dutch.ShouldContain("<label>Gebruiker <input name=\"user\"");
        dutch.ShouldContain("<label>Wachtwoord <input name=\"password\"");
        dutch.ShouldContain("<button>Aanmelden</button>");
        dutch.ShouldContain(">De gebruikersnaam of het wachtwoord klopt niet.</p>");
        dutch.ShouldNotContain("Log in");
        english.ShouldContain("<button>Log in</button>");
        english.ShouldContain("<label>Password <input name=\"password\"");
    }

    private static Dictionary<string, string> Read(string name) =>
        File.ReadAllLines(Path.Combine(Folder, name))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(" = ", 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static T InCulture<T>(string culture, Func<IStringLocalizer<Texts>, T> read)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
            return read(services.GetRequiredService<IStringLocalizer<Texts>>());
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static Task<string> RenderAsync(string culture, IReadOnlyList<HistoryStep> steps) =>
        RenderAsync<HistoryTable>(culture, new Dictionary<string, object?> { ["Steps"] = steps });

    private static async Task<string> RenderAsync<TComponent>(string culture, Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        await using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            try
            {
                var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
                return output.ToHtmlString();
            }
            finally
            {
                CultureInfo.CurrentUICulture = before;
            }
        });
    }
}
