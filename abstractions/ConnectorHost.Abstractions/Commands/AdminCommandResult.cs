namespace ConnectorHost.Abstractions.Commands;

/// <summary>What a command did or found: one line, and tables for the console and the dashboard.</summary>
/// <param name="Succeeded">False when the command was refused or failed; the CLI then exits 1.</param>
/// <param name="Summary">One line: "12 relations sent to Certipost", "3 complete, 2 incomplete".</param>
public sealed record AdminCommandResult(bool Succeeded, string Summary)
{
    /// <summary>The tables to show, in order.</summary>
    public IReadOnlyList<ResultTable> Tables { get; init; } = [];

    /// <summary>A successful result.</summary>
    /// <param name="summary">What was done or found.</param>
    /// <param name="tables">The tables to show.</param>
    /// <returns>The result.</returns>
    public static AdminCommandResult Success(string summary, params IReadOnlyList<ResultTable> tables) =>
        new(true, summary) { Tables = tables };

    /// <summary>A refused or failed command.</summary>
    /// <param name="reason">Why, and what to do.</param>
    /// <returns>The result.</returns>
    public static AdminCommandResult Failure(string reason) => new(false, reason);
}

/// <summary>A table in a command's result.</summary>
/// <param name="Title">The table's heading: "Complete: ready to send".</param>
/// <param name="Columns">The column headings.</param>
/// <param name="Rows">The rows; each has as many cells as there are columns.</param>
public sealed record ResultTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<ResultRow> Rows)
{
    /// <summary>What to show when there are no rows: "No incomplete relations."</summary>
    public string EmptyText { get; init; } = "Nothing to show.";
}

/// <summary>One row of a <see cref="ResultTable"/>.</summary>
/// <param name="Cells">The cell texts, one per column.</param>
public sealed record ResultRow(IReadOnlyList<string> Cells)
{
    /// <summary>How the dashboard marks the row: none, orange (a warning) or red (an error).</summary>
    public RowMark Mark { get; init; }
}

/// <summary>How a row is marked.</summary>
public enum RowMark
{
    /// <summary>No mark.</summary>
    None,

    /// <summary>Orange: needs attention (incomplete, waiting too long).</summary>
    Warning,

    /// <summary>Red: failed or refused.</summary>
    Error,
}
