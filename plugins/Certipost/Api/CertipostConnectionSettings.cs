using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>How to reach Certipost.</summary>
public sealed class CertipostConnectionSettings
{
    /// <summary>Certipost's API address.</summary>
    [Description("Certipost's e-invoicing API, for example the sandbox's address.")]
    [Required]
    [Example("http://127.0.0.1:5190/")]
    public Uri? BaseUrl { get; set; }

    /// <summary>The API key.</summary>
    [Description("The office's API key at Certipost, sent as the X-Api-Key header.")]
    [Required]
    [Secret]
    [Example("${CERTIPOST_API_KEY}")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The time-out of one call.</summary>
    [Description("How long one call to Certipost may take.")]
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
