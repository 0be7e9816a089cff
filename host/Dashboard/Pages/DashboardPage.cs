using Microsoft.AspNetCore.Components;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>
/// A dashboard page: a Razor component rendered on the server (static, no interactivity) from a model its endpoint
/// reads. Every value is written through Razor's HTML encoding; no page writes raw markup.
/// </summary>
/// <typeparam name="TModel">What the page shows.</typeparam>
public abstract class DashboardPage<TModel> : ComponentBase
    where TModel : class
{
    /// <summary>What the page shows.</summary>
    [Parameter]
    [EditorRequired]
    public TModel Model { get; set; } = null!;
}

/// <summary>How the pages write moments and titles.</summary>
public static class PageText
{
    /// <summary>
    /// The office's time zone (<c>host.timeZone</c>, Europe/Amsterdam by default), set when the dashboard starts: every
    /// moment on a page is written in it, and the page says which zone it is (UI-6).
    /// </summary>
    public static TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>A moment in the office's time zone.</summary>
    /// <param name="at">The moment.</param>
    /// <returns>The same moment with the zone's offset.</returns>
    public static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>A moment in the office's time zone, to the second; empty for none.</summary>
    /// <param name="at">The moment.</param>
    /// <returns>The text.</returns>
    public static string Time(DateTimeOffset? at) => at is { } moment ? Local(moment).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>A moment in the office's time zone, to the minute.</summary>
    /// <param name="at">The moment.</param>
    /// <returns>The text.</returns>
    public static string Minute(DateTimeOffset at) => Local(at).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The zone as the pages name it: "Europe/Amsterdam (UTC+01:00)", with the offset of now.</summary>
    /// <returns>The text.</returns>
    public static string ZoneName()
    {
        var offset = Zone.GetUtcOffset(DateTimeOffset.UtcNow);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Zone.Id} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm})");
    }

    /// <summary>How long ago, in whole days, hours or minutes ("3 d", "5 h", "12 min").</summary>
    /// <param name="since">The moment.</param>
    /// <param name="now">Now.</param>
    /// <returns>The text.</returns>
    public static string Age(DateTimeOffset since, DateTimeOffset now)
    {
        var age = now - since;
        return age.TotalDays >= 1 ? $"{(int)age.TotalDays} d" : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h" : $"{Math.Max(0, (int)age.TotalMinutes)} min";
    }

    /// <summary>A query string of the non-empty values, escaped ("" when none, else "?a=1&amp;b=2").</summary>
    /// <param name="values">The names and values.</param>
    /// <returns>The query string.</returns>
    public static string Query(params (string Name, string? Value)[] values)
    {
        var query = string.Join("&", values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Name}={Uri.EscapeDataString(v.Value!)}"));
        return query.Length == 0 ? string.Empty : "?" + query;
    }

    /// <summary>A command's name as a title: "list-relations" becomes "List relations".</summary>
    /// <param name="name">The name.</param>
    /// <returns>The title.</returns>
    public static string Title(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..].Replace('-', ' ');

    /// <summary>A path segment, escaped for a URL.</summary>
    /// <param name="value">The segment.</param>
    /// <returns>The escaped segment.</returns>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
