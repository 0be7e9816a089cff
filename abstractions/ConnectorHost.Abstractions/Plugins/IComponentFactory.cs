namespace ConnectorHost.Abstractions.Plugins;

/// <summary>
/// Creates one type of component (for example <c>clientonline.folder</c>). The host binds the YAML
/// <c>settings:</c> block onto an instance of <see cref="SettingsType"/>, validates it, and only then calls
/// <see cref="Create"/>. Derive from <see cref="ComponentFactory{TComponent, TSettings}"/> rather than
/// implementing this directly.
/// </summary>
/// <remarks>
/// <para><b>Lifetime of a component.</b> <c>run</c> calls <see cref="Create"/> once per pipeline when the host
/// starts (and again when the pipeline restarts after a configuration or plugin reload); the same instance serves
/// every scheduled run, admin command and dashboard view of that pipeline until the host stops. One
/// <c>command</c>, <c>run-once</c> or <c>validate</c> call creates its own instances and ends with them. The host
/// disposes a component that implements <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/> when its
/// pipeline stops (host shutdown, reload, the end of a <c>command</c> call); never before its last call returned.
/// Calls of one pipeline's component do not overlap, except read-only admin views, which may run during a run.</para>
/// <para><b>Lifetime of a factory.</b> Created once when the plugin loads, kept until the plugin unloads; it must
/// hold no state of its own.</para>
/// </remarks>
public interface IComponentFactory
{
    /// <summary>The name used as <c>type:</c> in the YAML, lower case, dotted: <c>plugin.component</c>.</summary>
    string TypeName { get; }

    /// <summary>What the created component is.</summary>
    ComponentKind Kind { get; }

    /// <summary>One sentence saying what the component does; shown by <c>plugins</c> and in the JSON Schema.</summary>
    string Description { get; }

    /// <summary>
    /// The settings class. Public settable properties become YAML keys (camelCase). Document them with
    /// <see cref="System.ComponentModel.DescriptionAttribute"/>, constrain them with
    /// <see cref="System.ComponentModel.DataAnnotations.RequiredAttribute"/> and
    /// <see cref="System.ComponentModel.DataAnnotations.RangeAttribute"/>, and mark secrets with
    /// <see cref="Settings.SecretAttribute"/>. Implement
    /// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/> for rules across properties.
    /// </summary>
    Type SettingsType { get; }

    /// <summary>Creates the settings with their defaults. Must have no side effects.</summary>
    /// <returns>A new settings instance.</returns>
    object CreateDefaultSettings();

    /// <summary>Creates the component from validated settings.</summary>
    /// <param name="settings">An instance of <see cref="SettingsType"/>, bound and validated.</param>
    /// <param name="context">The services the host offers to the component.</param>
    /// <returns>The component; it implements the interface named by <see cref="Kind"/>.</returns>
    object Create(object settings, IComponentContext context);

    /// <summary>
    /// The admin commands the created component offers (it implements <see cref="Commands.IAdminCommands"/>),
    /// declared here so that <c>plugins</c> lists them without creating a component. Empty by default.
    /// </summary>
    IReadOnlyList<Commands.AdminCommand> AdminCommands => [];
}

/// <summary>The typed base class for component factories.</summary>
/// <typeparam name="TComponent">
/// <see cref="Documents.IDocumentSource"/>, <see cref="Documents.IAccordeerTarget"/>, <see cref="Sync.ISyncTask"/>, or
/// <see cref="Queues.IQueueTaskHandler"/> for a queue (since 1.2): its settings derive from
/// <see cref="Queues.QueueSettings"/>, its <see cref="IComponentFactory.Kind"/> is <see cref="ComponentKind.SyncTask"/>
/// (it is the <c>task:</c> of a sync pipeline) and the host runs it with its queue runner.
/// </typeparam>
/// <typeparam name="TSettings">The settings class; its parameterless constructor sets the defaults.</typeparam>
public abstract class ComponentFactory<TComponent, TSettings> : IComponentFactory
    where TComponent : class
    where TSettings : class, new()
{
    /// <summary>Creates the factory.</summary>
    /// <param name="typeName">The YAML <c>type:</c> name, for example <c>clientonline.folder</c>.</param>
    /// <param name="description">One sentence saying what the component does.</param>
    protected ComponentFactory(string typeName, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        TypeName = typeName;
        Description = description ?? string.Empty;
        Kind = typeof(TComponent) switch
        {
            var t when t == typeof(Documents.IDocumentSource) => ComponentKind.DocumentSource,
            var t when t == typeof(Documents.IAccordeerTarget) => ComponentKind.AccordeerTarget,
            var t when t == typeof(Sync.ISyncTask) => ComponentKind.SyncTask,
            var t when t == typeof(Queues.IQueueTaskHandler) && typeof(Queues.QueueSettings).IsAssignableFrom(typeof(TSettings)) => ComponentKind.SyncTask,
            var t when t == typeof(Queues.IQueueTaskHandler) => throw new InvalidOperationException(
                $"The settings of queue component {typeName} ({typeof(TSettings).Name}) must derive from QueueSettings: the host's queue runner reads its workers, back-off, lease and mail settings there."),
            _ => throw new InvalidOperationException(
                $"{typeof(TComponent).Name} is not a component contract; use IDocumentSource, IAccordeerTarget, ISyncTask or IQueueTaskHandler."),
        };
    }

    /// <inheritdoc />
    public string TypeName { get; }

    /// <inheritdoc />
    public ComponentKind Kind { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public Type SettingsType => typeof(TSettings);

    /// <inheritdoc />
    public object CreateDefaultSettings() => new TSettings();

    /// <inheritdoc />
    public object Create(object settings, IComponentContext context) => Create((TSettings)settings, context);

    /// <inheritdoc />
    public virtual IReadOnlyList<Commands.AdminCommand> AdminCommands => [];

    /// <summary>Creates the component from validated settings.</summary>
    /// <param name="settings">The bound and validated settings.</param>
    /// <param name="context">The services the host offers to the component.</param>
    /// <returns>The component.</returns>
    public abstract TComponent Create(TSettings settings, IComponentContext context);
}
