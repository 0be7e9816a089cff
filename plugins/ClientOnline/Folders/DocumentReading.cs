using ConnectorHost.Abstractions.Documents;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>Why a file cannot be offered to the portal, which decides where the source puts it.</summary>
internal enum UnusableKind
{
    /// <summary>Not what it claims to be (not a PDF, bad XBRL): the error folder.</summary>
    Malformed,

    /// <summary>No valid client number to find the client by (a PDF without a valid prefix): Niet gevonden.</summary>
    NoClientNumber,
}

/// <summary>The metadata of a file, why it cannot be offered, or why it is not complete yet (<see cref="Waiting"/>).</summary>
internal sealed record DocumentReading(DocumentMetadata? Metadata, UnusableKind Kind, string? Problem)
{
    /// <summary>Set when the file is not complete yet (FH-3): it is neither offered nor refused, it waits.</summary>
    public string? Waiting { get; init; }

    public static DocumentReading Usable(DocumentMetadata metadata) => new(metadata, default, null);

    public static DocumentReading Unusable(UnusableKind kind, string problem) => new(null, kind, problem);

    public static DocumentReading Incomplete(string reason) => new(null, default, null) { Waiting = reason };
}
