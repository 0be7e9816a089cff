using System.Globalization;

namespace ConnectorHost.State;

/// <summary>This process as a lease holder: <c>machine/pid/random</c>, unique across restarts and machines.</summary>
public static class LeaseHolder
{
    /// <summary>The holder id of this process.</summary>
    public static string Id { get; } =
        $"{Environment.MachineName}/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>How a holder id reads on a dashboard: "host MACHINE (process PID)".</summary>
    /// <param name="holder">A holder id.</param>
    /// <returns>The readable form.</returns>
    public static string Describe(string holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var parts = holder.Split('/');
        return parts.Length >= 2 ? $"host {parts[0]} (process {parts[1]})" : holder;
    }
}
