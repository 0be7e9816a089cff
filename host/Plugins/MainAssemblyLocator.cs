namespace ConnectorHost.Plugins;

/// <summary>
/// Finds a plugin folder's main assembly: <c>&lt;folder&gt;/&lt;folder name&gt;.dll</c>, or else the single DLL in
/// the folder that is compiled against ConnectorHost.Abstractions (read from metadata; nothing is loaded).
/// </summary>
internal static class MainAssemblyLocator
{
    /// <summary>Finds the main assembly of a plugin folder.</summary>
    /// <param name="folder">The plugin folder.</param>
    /// <returns>
    /// The main assembly's metadata; check it with <see cref="EnsureAssembly"/>, since a DLL named after the folder is
    /// returned even when it is not a .NET assembly (so that the failure names the file).
    /// </returns>
    /// <exception cref="PluginRefusedException">No DLL, or none or several qualify.</exception>
    public static AssemblyMetadata Locate(string folder)
    {
        var folderName = Path.GetFileName(folder);
        var named = Path.Combine(folder, folderName + ".dll");
        if (File.Exists(named))
        {
            return AssemblyMetadata.Read(named);
        }

        var dlls = Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal).ToList();
        if (dlls.Count == 0)
        {
            throw new PluginRefusedException(
                "The folder holds no .dll. Copy the plugin's build output (dotnet publish) into it, or remove the folder.");
        }

        var candidates = dlls
            .Where(dll => !string.Equals(
                Path.GetFileNameWithoutExtension(dll), AssemblyMetadata.AbstractionsName, StringComparison.OrdinalIgnoreCase))
            .Select(AssemblyMetadata.Read)
            .Where(metadata => metadata.ReferencesAbstractions)
            .ToList();

        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new PluginRefusedException(
                $"No assembly in the folder is compiled against {AssemblyMetadata.AbstractionsName}, so none is a " +
                $"ConnectorHost plugin. Copy the plugin's build output into the folder, or name its main assembly {folderName}.dll."),
            _ => throw new PluginRefusedException(
                $"Several assemblies in the folder are compiled against {AssemblyMetadata.AbstractionsName} " +
                $"({string.Join(", ", candidates.Select(c => Path.GetFileName(c.Path)))}), so the main one is ambiguous. " +
                $"Rename the plugin's main assembly to {folderName}.dll, or give each plugin its own folder."),
        };
    }

    /// <summary>Refuses a main assembly that is not a .NET assembly.</summary>
    /// <param name="main">The main assembly's metadata.</param>
    /// <exception cref="PluginRefusedException">The file is not a .NET assembly.</exception>
    public static void EnsureAssembly(AssemblyMetadata main)
    {
        if (!main.IsAssembly)
        {
            throw new PluginRefusedException(
                $"The plugin's main assembly {Path.GetFileName(main.Path)} cannot be loaded: {main.Problem}. " +
                "Replace it with the plugin's build output (dotnet publish), or remove the folder.");
        }
    }
}
