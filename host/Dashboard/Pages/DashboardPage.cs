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
    /// <summary>A moment in the host's local time, to the second; empty for none.</summary>
    /// <param name="at">The moment.</param>
    /// <returns>The text.</returns>
    public static string Time(DateTimeOffset? at) => at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A moment in the host's local time, to the minute.</summary>
    /// <param name="at">The moment.</param>
    /// <returns>The text.</returns>
    public static string Minute(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A command's name as a title: "list-relations" becomes "List relations".</summary>
    /// <param name="name">The name.</param>
    /// <returns>The title.</returns>
    public static string Title(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..].Replace('-', ' ');

    /// <summary>A path segment, escaped for a URL.</summary>
    /// <param name="value">The segment.</param>
    /// <returns>The escaped segment.</returns>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
