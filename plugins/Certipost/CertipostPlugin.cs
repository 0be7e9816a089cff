using ConnectorHost.Abstractions.Plugins;

// The manifest, as every plugin carries it (SDK-9); the abstractions version is filled in by the compiler.
[assembly: ConnectorHostPlugin("Certipost", "1.0.0")]

namespace ConnectorHost.Plugins.Certipost;

/// <summary>
/// The Certipost connector: enrols the office's customers for electronic invoices (<c>certipost.enrol</c>) and picks
/// up Certipost's confirmations and unsubscriptions daily (<c>certipost.daily</c>).
/// </summary>
public sealed class CertipostPlugin : IConnectorPlugin
{
    /// <inheritdoc />
    public string Name => "Certipost";

    /// <inheritdoc />
    public void Register(IComponentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new EnrolTaskFactory());
        registry.Add(new DailyTaskFactory());
    }
}
