using System.Text.Json;
using ConnectorHost.Configuration;

namespace ConnectorHost.Pipelines;

/// <summary>
/// Whether two definitions of a pipeline would run the same: the same schedule and plain settings (retries,
/// <c>maxInFlight</c>, <c>pollEvery</c>), and per component
/// the same type, the same factory instance (a reloaded plugin brings new factories) and the same bound settings,
/// compared by value. What cannot be compared counts as changed, so a doubt restarts the pipeline rather than
/// leaving old settings running.
/// </summary>
internal static class PipelineDefinitionComparer
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, MaxDepth = 64 };

    /// <summary>Whether <paramref name="running"/> and <paramref name="edited"/> are the same pipeline, unchanged.</summary>
    /// <param name="running">The definition that runs now.</param>
    /// <param name="edited">The definition read from the edited configuration.</param>
    /// <returns>True when nothing that matters to the run differs.</returns>
    public static bool Same(PipelineDefinition running, PipelineDefinition edited)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(edited);
        // Every plain setting (name, enabled, retries, maxInFlight, pollEvery, and whatever is added later) by the
        // record's own equality; the schedule by its text; the components below.
        return running.Schedule.ToString() == edited.Schedule.ToString()
            && WithoutComponents(running, edited.Schedule) == WithoutComponents(edited, edited.Schedule)
            && Same(running.Source, edited.Source)
            && Same(running.Target, edited.Target)
            && Same(running.Task, edited.Task);
    }

    private static PipelineDefinition WithoutComponents(PipelineDefinition definition, Schedule schedule) =>
        definition with { Schedule = schedule, Source = null, Target = null, Task = null };

    private static bool Same(ComponentDefinition? running, ComponentDefinition? edited)
    {
        if (running is null || edited is null)
        {
            return running is null && edited is null;
        }

        return running.TypeName == edited.TypeName
            && ReferenceEquals(running.Factory, edited.Factory)
            && running.Settings.GetType() == edited.Settings.GetType()
            && SettingsText(running.Settings) is { } before
            && SettingsText(edited.Settings) is { } after
            && before == after;
    }

    /// <summary>The settings as JSON, for comparison only (never logged: it holds secrets); null when they cannot be written.</summary>
    private static string? SettingsText(object settings)
    {
        try
        {
            return JsonSerializer.Serialize(settings, settings.GetType(), Json);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
