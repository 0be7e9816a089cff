using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>How to reach CaseWare Cloud.</summary>
public sealed class CaseWareCloudConnectionSettings
{
    /// <summary>The firm's address.</summary>
    [Description("The firm's CaseWare Cloud address, https://{region}.casewarecloud.com/{firm}/ (the API is under ms/caseware-cloud/api/v2/), or the sandbox's.")]
    [Required]
    [Example("https://eu.casewarecloud.com/my-firm/")]
    public Uri? BaseUrl { get; set; }

    /// <summary>The API client id.</summary>
    [Description("The API key's ClientId (CaseWare Cloud: Settings, API keys).")]
    [Required]
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The API client secret.</summary>
    [Description("The API key's ClientSecret.")]
    [Required]
    [Secret]
    [Example("${CASEWARE_CLIENT_SECRET}")]
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>The language of CaseWare Cloud's messages.</summary>
    [Description("The language of CaseWare Cloud's messages, sent with the token request: en, nl, fr, ...")]
    public string Language { get; set; } = "en";

    /// <summary>The time-out of one call.</summary>
    [Description("How long one call to CaseWare Cloud may take.")]
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per call.</summary>
    [Description("Attempts of one call when CaseWare Cloud answers 5xx, does not answer or says 429 (too many requests). After the last the run stops and the next run resumes.")]
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first back-off.</summary>
    [Description("The wait after the first 5xx or network failure of a call; it doubles after each further one.")]
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After honoured.</summary>
    [Description("The longest wait a 429's Retry-After may ask for; a longer one ends the run, which resumes at the next.")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);
}
