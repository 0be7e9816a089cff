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

    /// <summary>Customers per page of the daily list.</summary>
    [Description("Customers per page when the daily list of enrolled customers is read (up to the pipeline's maxInFlight pages at once). A list of at most this many is one call.")]
    [Range(10, 10_000)]
    public int PageSize { get; set; } = 1_000;

    /// <summary>Opt-ins per batch.</summary>
    [Description("Opt-ins per batch when relations are sent; more relations go in several batches, up to the pipeline's maxInFlight at once. Certipost takes or refuses each batch as a whole.")]
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;
}
