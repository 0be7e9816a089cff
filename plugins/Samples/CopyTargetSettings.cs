using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Plugins.Samples;

/// <summary>Settings of <c>samples.copy</c>.</summary>
public sealed class CopyTargetSettings
{
    /// <summary>Where accepted documents are copied to.</summary>
    [Description("The folder every submitted document is copied to; a copy counts as approved at once.")]
    [Required]
    [Example("../data/samples/portal")]
    public string Folder { get; set; } = string.Empty;
}
