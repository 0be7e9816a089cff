namespace ConnectorHost.Abstractions.Sync;

/// <summary>An accountant instruction: what a person must do to unblock a dossier (AT-5, AT-6).</summary>
/// <param name="Dossier">The dossier (or client) it concerns.</param>
/// <param name="Severity">Orange: the office can fix it; red: support must step in.</param>
/// <param name="Text">What to do, in plain words, in the office's language.</param>
/// <param name="Cause">The machine-readable cause (for example <c>wrong-period</c>), for filters and metrics.</param>
public sealed record Instruction(string Dossier, InstructionSeverity Severity, string Text, string Cause);

/// <summary>Who can fix an instruction (AT-6).</summary>
public enum InstructionSeverity
{
    /// <summary>The office can fix it by following the instruction.</summary>
    Orange,

    /// <summary>Support must step in.</summary>
    Red,
}
