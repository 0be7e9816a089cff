namespace ConnectorHost.Plugins;

/// <summary>
/// Refuses a plugin compiled against a ConnectorHost.Abstractions this host cannot honour: another major version
/// (breaking changes), or a newer version of the same major (the plugin may call contracts this host lacks, and the
/// runtime will not bind a newer reference to an older shared assembly).
/// </summary>
internal static class AbiGate
{
    /// <summary>Checks the plugin's reference to the abstractions against the host's.</summary>
    /// <param name="plugin">The plugin's main assembly metadata.</param>
    /// <param name="host">The version of ConnectorHost.Abstractions the host runs with.</param>
    /// <exception cref="PluginRefusedException">The versions are incompatible.</exception>
    public static void Verify(AssemblyMetadata plugin, Version host)
    {
        var fileName = System.IO.Path.GetFileName(plugin.Path);
        var built = plugin.AbstractionsReference ?? throw new PluginRefusedException(
            $"{fileName} is not compiled against {AssemblyMetadata.AbstractionsName}, so it is not a ConnectorHost plugin. " +
            "Remove it, or copy the plugin's own build output into the folder.");

        if (built.Major != host.Major)
        {
            throw new PluginRefusedException(
                $"{fileName} was built against {AssemblyMetadata.AbstractionsName} {built} but this host provides {host}; " +
                $"the major versions must match. Install a version of the plugin built for {AssemblyMetadata.AbstractionsName} " +
                $"{host.Major}.x, or a host that provides {built.Major}.x.");
        }

        if (built > host)
        {
            throw new PluginRefusedException(
                $"{fileName} was built against {AssemblyMetadata.AbstractionsName} {built}, newer than the {host} this host " +
                $"provides. Update the host, or install a version of the plugin built for {host.Major}.{host.Minor} or older.");
        }
    }
}
