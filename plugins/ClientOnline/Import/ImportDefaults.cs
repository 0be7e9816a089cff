using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>What the settings say where a line of the export does not: a client's group and token, and where files go.</summary>
internal sealed class ImportDefaults(ClientImportSettings settings, IComponentContext context)
{
    private string? _lettersFolder;

    /// <summary>Where the commands' file names may point (SEC-2): the export's folder first, the users file's, the data folder.</summary>
    public CommandPaths CommandPaths => new([
        Path.GetDirectoryName(context.ResolvePath(settings.File))!,
        .. string.IsNullOrWhiteSpace(settings.UsersFile) ? Array.Empty<string>() : [Path.GetDirectoryName(context.ResolvePath(settings.UsersFile))!],
        context.DataFolder]);

    /// <summary>Where PIN letters go (found once: the data folder's path makes sure the folder exists, a call to the disk each time).</summary>
    public string LettersFolder => _lettersFolder ??= string.IsNullOrWhiteSpace(settings.LettersFolder)
        ? Path.Combine(context.DataFolder, "letters")
        : context.ResolvePath(settings.LettersFolder);

    /// <summary>The key of the PIN hashes (<see cref="PinHashes"/>): beside the pipeline's other files, never in the store.</summary>
    public string PinKeyFile => Path.Combine(context.DataFolder, "pin-key");

    public string? GroupOf(ClientRow row) => row.Group ?? (string.IsNullOrWhiteSpace(settings.Group) ? null : settings.Group);

    public ApprovalTokenKind TokenOf(ClientRow row) =>
        row.Token
        ?? settings.Groups.FirstOrDefault(g => string.Equals(g.Name, GroupOf(row), StringComparison.OrdinalIgnoreCase))?.Token
        ?? settings.Token;
}
