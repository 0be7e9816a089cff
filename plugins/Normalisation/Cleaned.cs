namespace ConnectorHost.Plugins.Normalisation;

/// <summary>
/// A value as a connector will send it, with what was repaired on the way (each a warning the dry run shows) or why
/// it cannot be sent at all.
/// </summary>
/// <param name="Value">The cleaned value; when <see cref="Problem"/> is set, the input as it was (trimmed).</param>
/// <param name="Warnings">What was repaired, in words for the office: what was found and what it became.</param>
/// <param name="Problem">Why the value is refused, or <c>null</c>.</param>
public sealed record Cleaned(string Value, IReadOnlyList<string> Warnings, string? Problem)
{
    /// <summary>Whether the value can be sent.</summary>
    public bool IsValid => Problem is null;

    /// <summary>Whether something was repaired.</summary>
    public bool WasRepaired => Warnings.Count > 0;

    /// <summary>A value taken as it is.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value, unchanged, without warnings.</returns>
    public static Cleaned Unchanged(string value) => new(value, [], null);

    /// <summary>A refused value.</summary>
    /// <param name="value">The value as it was.</param>
    /// <param name="problem">Why it is refused.</param>
    /// <param name="warnings">What was repaired before the refusal.</param>
    /// <returns>The refusal.</returns>
    public static Cleaned Refused(string value, string problem, IReadOnlyList<string>? warnings = null) => new(value, warnings ?? [], problem);
}
