namespace ConnectorHost.Pipelines;

/// <summary>What applying a set of pipeline definitions did, pipeline by pipeline.</summary>
/// <param name="Started">New pipelines, started.</param>
/// <param name="Restarted">Changed pipelines: drained and started again with their new definition.</param>
/// <param name="Stopped">Pipelines no longer in the set (or disabled): drained and stopped.</param>
/// <param name="Unchanged">Pipelines left running untouched.</param>
/// <param name="Failed">Pipelines that could not be started, with the reason; they do not run.</param>
internal sealed record PipelineChanges(
    IReadOnlyList<string> Started,
    IReadOnlyList<string> Restarted,
    IReadOnlyList<string> Stopped,
    IReadOnlyList<string> Unchanged,
    IReadOnlyDictionary<string, string> Failed)
{
    /// <summary>Whether nothing was started, restarted, stopped or refused.</summary>
    public bool None => Started.Count == 0 && Restarted.Count == 0 && Stopped.Count == 0 && Failed.Count == 0;

    /// <summary>One line for the log and the audit trail, for example <c>restarted clientonline; started x; unchanged a, b</c>.</summary>
    /// <returns>The line.</returns>
    public string Describe()
    {
        var parts = new List<string>();
        Add("restarted", Restarted);
        Add("started", Started);
        Add("stopped", Stopped);
        if (Failed.Count > 0)
        {
            parts.Add("not started: " + string.Join("; ", Failed.Select(f => $"{f.Key} ({f.Value})")));
        }

        Add("unchanged", Unchanged);
        return parts.Count == 0 ? "no pipelines" : string.Join("; ", parts);

        void Add(string what, IReadOnlyList<string> names)
        {
            if (names.Count > 0)
            {
                parts.Add($"{what} {string.Join(", ", names)}");
            }
        }
    }
}
