using System.Globalization;
using ConnectorHost.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>
/// The filter of a list page (UI-4), as typed in its form and carried in its links: status, pipeline (or queue),
/// client (KvK number, hidden id or dossier), a date range in the office's days, a search text, and the page's key.
/// </summary>
/// <param name="Status">The status filter, as chosen.</param>
/// <param name="Pipeline">The pipeline or queue.</param>
/// <param name="Client">The client or dossier, exactly.</param>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
/// <param name="Search">A part of a file name or client number.</param>
/// <param name="After">The key the page starts after.</param>
public sealed record ListFilter(string? Status, string? Pipeline, string? Client, DateOnly? From, DateOnly? To, string? Search, string? After)
{
    /// <summary>Rows per page.</summary>
    public const int PageSize = 50;

    /// <summary>The filter of a request's query string; a malformed date is left out.</summary>
    /// <param name="query">The query.</param>
    /// <returns>The filter.</returns>
    public static ListFilter Parse(Microsoft.AspNetCore.Http.IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? Text(string name) => query[name].ToString() is { Length: > 0 } value ? value.Trim() : null;
        DateOnly? Day(string name) => DateOnly.TryParseExact(Text(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        return new ListFilter(Text("status"), Text("pipeline"), Text("client"), Day("from"), Day("to"), Text("q"), Text("after"));
    }

    /// <summary>The page key of a list paged by id (tasks, instructions): the number after which the page starts, or null.</summary>
    public long? IdKey => long.TryParse(After, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var key) ? key : null;

    /// <summary>Whether <see cref="After"/> is given but is no id key (a hand-made address): the list answers 400.</summary>
    public bool HasBadIdKey => After is not null && IdKey is null;

    /// <summary>The 400 answer to a page key that is not one.</summary>
    public Microsoft.AspNetCore.Http.IResult BadKey() =>
        Microsoft.AspNetCore.Http.Results.BadRequest($"'{After}' is not a page key: follow the page's Next link.");

    /// <summary>The first moment of <see cref="From"/> in the office's zone.</summary>
    public DateTimeOffset? FromMoment => From is { } day ? Connectors.StartOfDay(day.ToDateTime(TimeOnly.MinValue), PageText.Zone) : null;

    /// <summary>The first moment after <see cref="To"/> in the office's zone.</summary>
    public DateTimeOffset? UntilMoment => To is { } day ? Connectors.StartOfDay(day.AddDays(1).ToDateTime(TimeOnly.MinValue), PageText.Zone) : null;

    /// <summary>The query string of this filter, on another page or with another status.</summary>
    /// <param name="after">The page key, or null for the first page.</param>
    /// <param name="status">The status, or the filter's own when not given.</param>
    /// <returns>The query string ("" or "?...").</returns>
    public string Query(string? after = null, string? status = null) => PageText.Query(
        ("status", status ?? Status),
        ("pipeline", Pipeline),
        ("client", Client),
        ("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("q", Search),
        ("after", after));
}
