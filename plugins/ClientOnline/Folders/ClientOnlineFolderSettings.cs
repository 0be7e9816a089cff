using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>Settings of <c>clientonline.folder</c>.</summary>
public sealed class ClientOnlineFolderSettings : IValidatableObject
{
    /// <summary>The source folders, each with its pattern, kind and outcome folders.</summary>
    [Description("The source folders, each with what is picked up from it and the folders its files go to (CO-9).")]
    public List<FolderMapping> Folders { get; set; } = [];

    /// <summary>How long a file must be unchanged before it is picked up.</summary>
    [Description("How old a file's last-write time must be before it is picked up (its size and last-write time must also stay the same between two looks a moment apart), so half-written files wait while files written earlier are picked up at once, also by run-once. A younger file is counted as waiting. Besides, a PDF is offered only once it ends with %%EOF and an XBRL file only once it parses to its end.")]
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StableFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether missing source and outcome folders are created.</summary>
    [Description("Whether missing source and outcome folders are created (for a first set-up or the demo). Off by default: a missing folder (an unmounted share, a typing error) fails the run for that folder, makes /healthz degraded and is never created silently; validate warns about it.")]
    public bool CreateFolders { get; set; }

    /// <summary>How long one read of a file may take, while scanning and when its content is read for submission.</summary>
    [Description("How long one read of a file may take, while scanning and when its content is read for submission (a network share that stopped answering); a read past it is given up, the file waits, and the run reports the stuck read on /healthz.")]
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Folders.Count == 0)
        {
            yield return new ValidationResult("'folders' needs at least one folder mapping (source, pattern, kind and the outcome folders)", [nameof(Folders)]);
        }
    }
}
