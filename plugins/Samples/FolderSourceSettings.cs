using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Plugins.Samples;

/// <summary>Settings of <c>samples.folder</c>.</summary>
public sealed class FolderSourceSettings
{
    /// <summary>The folder watched for new files.</summary>
    [Description("The folder watched for new files. Relative paths are taken from the configuration file's folder.")]
    [Required]
    [Example("../data/samples/inbox")]
    public string Folder { get; set; } = string.Empty;

    /// <summary>Which files are picked up.</summary>
    [Description("Which files are picked up, as a file name pattern.")]
    [Example("*.pdf")]
    public string Pattern { get; set; } = "*";

    /// <summary>Where approved files go.</summary>
    [Description("Where files go once the target accepted them.")]
    [Required]
    public string DoneFolder { get; set; } = string.Empty;

    /// <summary>Where refused or failed files go, with the reason beside them.</summary>
    [Description("Where files go that were refused or failed, each with a <file>.reason.txt beside it.")]
    [Required]
    public string ErrorFolder { get; set; } = string.Empty;

    /// <summary>How long a file must be unchanged before it is picked up.</summary>
    [Description("How long a file's size and time must stay unchanged before it is picked up, so half-written files wait.")]
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StableFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether missing folders are created (a first set-up) instead of failing the run (FH-2).</summary>
    [Description("Create the folder, doneFolder and errorFolder when they are missing (logged at Warning), for a first set-up. Off by default: a missing folder (an unmounted share, a typing error) fails the run, naming it, and is never created silently.")]
    public bool CreateFolders { get; set; }

    /// <summary>The document type given to every file.</summary>
    [Description("The document type given to every file of this folder.")]
    public string DocumentType { get; set; } = "document";
}
