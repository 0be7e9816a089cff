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
    [Description("How old a file's last-write time must be before it is picked up (its size and last-write time must also stay the same between two looks a moment apart, and it must open exclusively), so half-written files wait while files written earlier are picked up at once, also by run-once.")]
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StableFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Folders.Count == 0)
        {
            yield return new ValidationResult("'folders' needs at least one folder mapping (source, pattern, kind and the outcome folders)", [nameof(Folders)]);
        }
    }
}
