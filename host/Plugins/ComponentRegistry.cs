using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins;

/// <summary>
/// Collects the factories one plugin adds during <see cref="IConnectorPlugin.Register"/>. The loader checks the
/// type names afterwards; the registry is closed once registration is over.
/// </summary>
public sealed class ComponentRegistry : IComponentRegistry
{
    private readonly List<IComponentFactory> _factories = [];
    private bool _closed;

    /// <summary>The factories added, in order.</summary>
    public IReadOnlyList<IComponentFactory> Factories => _factories;

    /// <inheritdoc />
    public void Add(IComponentFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (_closed)
        {
            throw new InvalidOperationException(
                "Component factories can only be added during IConnectorPlugin.Register; add them there.");
        }

        _factories.Add(factory);
    }

    /// <summary>Refuses further additions: a plugin that kept the registry cannot add factories later.</summary>
    public void Close() => _closed = true;
}
