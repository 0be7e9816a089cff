using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ConnectorHost.Plugins;

/// <summary>
/// What the loader needs to know about a DLL before loading it, read from its metadata with
/// <see cref="PEReader"/> so that nothing is loaded into the process.
/// </summary>
/// <param name="Path">The DLL.</param>
/// <param name="Name">The assembly's simple name; null when the file is not a .NET assembly.</param>
/// <param name="Version">The assembly's version.</param>
/// <param name="AbstractionsReference">
/// The version of ConnectorHost.Abstractions the assembly was compiled against; null when it does not reference it.
/// </param>
/// <param name="Problem">Why the file is not a .NET assembly; null when it is one.</param>
internal sealed record AssemblyMetadata(
    string Path,
    string? Name,
    Version? Version,
    Version? AbstractionsReference,
    string? Problem)
{
    /// <summary>The simple name of the shared contracts assembly.</summary>
    public const string AbstractionsName = "ConnectorHost.Abstractions";

    /// <summary>True when the file is a .NET assembly.</summary>
    public bool IsAssembly => Problem is null;

    /// <summary>True when the file is a .NET assembly compiled against ConnectorHost.Abstractions.</summary>
    public bool ReferencesAbstractions => AbstractionsReference is not null;

    /// <summary>Reads the metadata of a file; never throws for a file that is not a .NET assembly.</summary>
    /// <param name="path">The DLL.</param>
    /// <returns>The metadata, or a <see cref="Problem"/> saying why there is none.</returns>
    public static AssemblyMetadata Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return NotAnAssembly(path, "it is a native library, not a .NET assembly");
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return NotAnAssembly(path, "it is a .NET module without an assembly manifest");
            }

            var definition = reader.GetAssemblyDefinition();
            Version? abstractions = null;
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                if (reader.StringComparer.Equals(reference.Name, AbstractionsName))
                {
                    abstractions = reference.Version;
                }
            }

            return new AssemblyMetadata(path, reader.GetString(definition.Name), definition.Version, abstractions, null);
        }
        catch (BadImageFormatException ex)
        {
            return NotAnAssembly(path, $"it is not a .NET assembly (BadImageFormatException: {ex.Message})");
        }
    }

    private static AssemblyMetadata NotAnAssembly(string path, string problem) => new(path, null, null, null, problem);
}
