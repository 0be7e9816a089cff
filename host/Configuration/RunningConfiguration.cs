namespace ConnectorHost.Configuration;

/// <summary>
/// The configuration the host runs now, for the dashboard and the reload: the one it started with until an edited
/// file is applied, and the errors of the last edit that was refused (until a valid edit arrives).
/// </summary>
public sealed class RunningConfiguration
{
    private volatile Snapshot _snapshot;

    /// <summary>Starts with the configuration the host was started with.</summary>
    /// <param name="startup">The configuration read at start.</param>
    public RunningConfiguration(HostConfiguration startup)
    {
        ArgumentNullException.ThrowIfNull(startup);
        Startup = startup;
        _snapshot = new Snapshot(startup, null, [], []);
    }

    /// <summary>The configuration read at start: its <c>host:</c> block is what runs until the next start.</summary>
    public HostConfiguration Startup { get; }

    /// <summary>The configuration whose pipelines run now.</summary>
    public HostConfiguration Current => _snapshot.Current;

    /// <summary>When the last edit was refused, or null while the file on disk is the one running.</summary>
    public DateTimeOffset? RefusedAt => _snapshot.RefusedAt;

    /// <summary>The errors of the last refused edit, as <c>validate</c> prints them; empty when none.</summary>
    public IReadOnlyList<ConfigError> RefusedErrors => _snapshot.RefusedErrors;

    /// <summary>The <c>host:</c> settings edited since the start, which apply at the next start.</summary>
    public IReadOnlyList<string> PendingHostSettings => _snapshot.PendingHostSettings;

    /// <summary>Records that an edited configuration was applied.</summary>
    /// <param name="applied">The configuration now running.</param>
    /// <param name="pendingHostSettings">Its <c>host:</c> keys that differ from the start's and wait for the next start.</param>
    public void Applied(HostConfiguration applied, IReadOnlyList<string> pendingHostSettings) =>
        _snapshot = new Snapshot(applied, null, [], pendingHostSettings);

    /// <summary>Records that an edit was refused; the running configuration stays.</summary>
    /// <param name="errors">Its errors.</param>
    /// <param name="at">When.</param>
    public void Refused(IReadOnlyList<ConfigError> errors, DateTimeOffset at) =>
        _snapshot = _snapshot with { RefusedAt = at, RefusedErrors = errors };

    private sealed record Snapshot(HostConfiguration Current, DateTimeOffset? RefusedAt, IReadOnlyList<ConfigError> RefusedErrors, IReadOnlyList<string> PendingHostSettings);
}
