namespace ConnectorHost.Plugins;

/// <summary>
/// Raised inside the loader when a plugin is refused; its message is the reason reported in
/// <see cref="PluginLoadFailure.Reason"/>. It never leaves <see cref="IPluginLoader.LoadAll"/>.
/// </summary>
public sealed class PluginRefusedException : Exception
{
    /// <summary>The component type names the refused plugin registered, when it got that far; empty otherwise.</summary>
    public IReadOnlyList<string> TypeNames { get; init; } = [];

    /// <summary>Creates the exception.</summary>
    public PluginRefusedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    public PluginRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public PluginRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
