namespace ConnectorHost.Dashboard.Pages;

/// <summary>A stacked bar chart drawn on the server as SVG (UI-2): a bar per bucket, a part per series.</summary>
/// <param name="Id">The chart's element id.</param>
/// <param name="Title">What it shows (English, translated on the page).</param>
/// <param name="Buckets">The bars' labels, oldest first.</param>
/// <param name="Series">The parts of each bar.</param>
public sealed record ChartModel(string Id, string Title, IReadOnlyList<string> Buckets, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>The highest bar.</summary>
    public long Max => Buckets.Count == 0 ? 0 : Enumerable.Range(0, Buckets.Count).Max(i => Series.Sum(s => s.Values[i]));
}

/// <summary>One series of a chart.</summary>
/// <param name="Name">Its name (English, translated; domain words stay Dutch).</param>
/// <param name="Style">Its colour class: s-ok, s-warn, s-bad, s-wait, s-other.</param>
/// <param name="Values">One value per bucket.</param>
public sealed record ChartSeries(string Name, string Style, IReadOnlyList<long> Values);

/// <summary>What the history page shows (UI-2).</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Charts">The charts.</param>
public sealed record HistoryModel(Navigation Navigation, IReadOnlyList<ChartModel> Charts);
