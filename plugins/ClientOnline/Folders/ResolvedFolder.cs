using System.IO.Enumeration;
using ConnectorHost.Abstractions.Documents;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>A <see cref="FolderMapping"/> with every folder resolved to a full path.</summary>
internal sealed record ResolvedFolder(FolderMapping Mapping, string Source, string Approved, string Rejected, string NotFound, string Error)
{
    public static ResolvedFolder From(FolderMapping mapping, Func<string, string> resolve) => new(
        mapping,
        Full(resolve(mapping.Source)),
        Full(resolve(mapping.Approved)),
        Full(resolve(mapping.Rejected)),
        Full(resolve(mapping.NotFound)),
        Full(resolve(mapping.Error)));

    /// <summary>Whether a file of this folder is picked up by it (its pattern, case-insensitive).</summary>
    public bool Matches(string fileName) => FileSystemName.MatchesSimpleExpression(Mapping.Pattern, fileName, ignoreCase: true);

    /// <summary>The folder a document goes to after its outcome (CO-9).</summary>
    public string FolderFor(DocumentOutcomeKind outcome) => outcome switch
    {
        DocumentOutcomeKind.Approved => Approved,
        DocumentOutcomeKind.Rejected => Rejected,
        DocumentOutcomeKind.ClientNotFound => NotFound,
        _ => Error, // Duplicate, Refused, FinallyFailed, Withdrawn
    };

    private static string Full(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
