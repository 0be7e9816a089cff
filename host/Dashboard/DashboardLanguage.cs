using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The dashboard's language (UI-6): Dutch or English, as the admin chose it with the switch on every page (kept in a
/// cookie for a year), else as the browser asks (<c>Accept-Language</c>), else Dutch. The texts are in
/// <c>Texts.nl.resx</c>; the English text is the key, except for the few keys in <c>Texts.resx</c> (a count "done" beside the status "Done": resource names ignore case). The domain's words (accorderen, Goedgekeurd, dossier, KvK)
/// stay as the office says them in both.
/// </summary>
internal static class DashboardLanguage
{
    /// <summary>The languages the dashboard speaks.</summary>
    public static readonly string[] Supported = ["nl", "en"];

    /// <summary>The request localization: the cookie first, then Accept-Language, then Dutch.</summary>
    public static RequestLocalizationOptions Options()
    {
        var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("nl"),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        return options;
    }

    /// <summary>The switch: a post with the language and the page to return to.</summary>
    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        dashboard.Forms(endpoints).MapPost("/language", async (HttpContext c) =>
        {
            var form = await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
            var language = form["language"].ToString();
            if (!Supported.Contains(language, StringComparer.Ordinal))
            {
                return Results.BadRequest($"The dashboard speaks {string.Join(" and ", Supported)}, not '{language}'.");
            }

            c.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), SameSite = SameSiteMode.Strict, HttpOnly = true, IsEssential = true, Secure = c.Request.IsHttps });
            var back = form["back"].ToString();
            return Results.LocalRedirect(back.StartsWith('/') && !back.StartsWith("//", StringComparison.Ordinal) && !back.StartsWith("/\\", StringComparison.Ordinal) ? back : "/");
        });
        return endpoints;
    }
}
