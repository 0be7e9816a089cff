using System.Text.Json;

namespace ConnectorHost.Configuration;

/// <summary>
/// Which <c>host:</c> settings differ between two configurations, by key (<c>host.state</c>, <c>host.dashboard</c>):
/// none of them can change while the host runs (the state store, the dashboard's address, the mail delivery, the
/// logs are set up at start), so a reload names them as "applies at the next start".
/// </summary>
internal static class HostSettingsDifference
{
    /// <summary>The keys whose values differ, in the order of <see cref="HostSettings"/>. Values are compared, never shown.</summary>
    /// <param name="running">The settings the host started with.</param>
    /// <param name="edited">The settings in the edited file.</param>
    /// <returns>Keys such as <c>host.shutdownTimeout</c>.</returns>
    public static IReadOnlyList<string> Of(HostSettings running, HostSettings edited)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(edited);
        return [.. typeof(HostSettings).GetProperties()
            .Where(p => Text(p.GetValue(running)) != Text(p.GetValue(edited)))
            .Select(p => "host." + JsonNamingPolicy.CamelCase.ConvertName(p.Name))];
    }

    private static string Text(object? value) => value is null ? "null" : JsonSerializer.Serialize(value, value.GetType());
}
