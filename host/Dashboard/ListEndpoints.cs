using ConnectorHost.Dashboard.Pages;
using ConnectorHost.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The two routes every list of UI-4 has, mapped one way: the page (a filter from the query string, one page of rows
/// with the totals of the filter) and its CSV download (<c>path.csv</c>: the whole filter, read page after page of
/// <see cref="CsvDownload.PageSize"/> rows without totals, from the first).
/// </summary>
internal static class ListEndpoints
{
    /// <summary>Reads one page of a list: the filter, how many rows at most, and whether the totals are counted.</summary>
    public delegate Task<ListPage<TRow, TStatus>> ReadPage<TRow, TStatus>(ListFilter filter, int limit, bool withTotals, CancellationToken cancellationToken)
        where TStatus : notnull;

    /// <summary>
    /// Maps a list paged by row id (newest first): a page key that is not an id is refused with 400 before the store is
    /// asked (<see cref="ListFilter.BadKey"/>).
    /// </summary>
    public static void MapIdPagedList<TRow, TStatus>(this RouteGroupBuilder viewers, string path, ReadPage<TRow, TStatus> read, Func<HttpContext, ListFilter, ListPage<TRow, TStatus>, IResult> page)
        where TStatus : notnull =>
        viewers.MapGet(path, async (HttpContext c) =>
        {
            var filter = ListFilter.Parse(c.Request.Query);
            return filter.HasBadIdKey
                ? filter.BadKey()
                : page(c, filter, await read(filter, ListFilter.PageSize, withTotals: true, c.RequestAborted).ConfigureAwait(false));
        });

    /// <summary>Maps <c>path.csv</c>: the whole filter of the list, with <paramref name="header"/> and a line of <paramref name="cells"/> per row.</summary>
    public static void MapCsv<TRow, TStatus>(this RouteGroupBuilder viewers, string path, string[] header, ReadPage<TRow, TStatus> read, Func<TRow, string?[]> cells)
        where TStatus : notnull =>
        viewers.MapGet(path + ".csv", async (HttpContext c) =>
        {
            var filter = ListFilter.Parse(c.Request.Query) with { After = null };
            await CsvDownload.WriteAsync(
                c,
                path.TrimStart('/') + ".csv",
                header,
                async after =>
                {
                    var rows = await read(filter with { After = after }, CsvDownload.PageSize, withTotals: false, c.RequestAborted).ConfigureAwait(false);
                    return (rows.Rows, rows.Next);
                },
                cells).ConfigureAwait(false);
        });
}
