using ConnectorHost.Abstractions.State;
using ConnectorHost.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the instructions list shows (UI-4).</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Filter">The filter and the page, as asked.</param>
/// <param name="Page">The instructions of this page, the next page's key and the totals by state.</param>
public sealed record InstructionsModel(Navigation Navigation, ListFilter Filter, ListPage<StoredInstruction, InstructionState> Page)
{
    /// <summary>The states the filter offers.</summary>
    public static IReadOnlyList<string> States { get; } = Enum.GetNames<InstructionState>();

    /// <summary>An instruction's state: resolved, or open with its severity.</summary>
    /// <param name="instruction">The instruction.</param>
    /// <returns>The state.</returns>
    public static InstructionState State(StoredInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        return instruction.ResolvedAt is not null ? InstructionState.Resolved
            : instruction.Instruction.Severity == Abstractions.Sync.InstructionSeverity.Red ? InstructionState.Red : InstructionState.Orange;
    }

    /// <summary>The colour of a row, besides its state written out: red, orange, green (resolved).</summary>
    /// <param name="state">The state.</param>
    /// <returns>The class.</returns>
    public static string Mark(InstructionState state) => state switch
    {
        InstructionState.Red => "red",
        InstructionState.Orange => "orange",
        _ => "green",
    };
}
