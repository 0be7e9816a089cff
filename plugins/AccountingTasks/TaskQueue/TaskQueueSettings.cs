using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Plugins.AccountingTasks;

/// <summary>
/// Settings of <c>accountingtasks.queue</c>: the platform's, beside the host's queue settings it derives from
/// (<see cref="QueueSettings"/>: workers, back-off, lease, mails, reminder). How often the platform is polled is the
/// pipeline's <c>every:</c> (5m is the platform's rhythm; keep it between 1m and 60m).
/// </summary>
public sealed class TaskQueueSettings : QueueSettings
{
    /// <summary>The accounting platform's base address.</summary>
    [Description("The accounting platform's base address; the package endpoint is under the same address.")]
    [Required]
    [Example("http://127.0.0.1:5190/")]
    public Uri? PlatformUrl { get; set; }

    /// <summary>The office's id at the platform.</summary>
    [Description("The office's id at the platform; its tasks are fetched from /api/offices/<office>/tasks.")]
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]*$", ErrorMessage = "The office id holds letters, digits, dots, dashes and underscores.")]
    [Example("kantoor-demo")]
    public string Office { get; set; } = string.Empty;

    /// <summary>The office's API key.</summary>
    [Description("The office's API key, sent as the X-Api-Key header. Write it as ${ENV_VAR} or ${file:path}.")]
    [Required]
    [Secret]
    [Example("${ACCOUNTING_PLATFORM_API_KEY}")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The time-out of one call to the platform or the package.</summary>
    [Description("The time-out of one call to the platform or the package.")]
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (LeaseDuration <= RequestTimeout)
        {
            yield return new ValidationResult(
                $"leaseDuration ({LeaseDuration}) must be longer than requestTimeout ({RequestTimeout}), or a slow task could be taken over while it still runs.",
                [nameof(LeaseDuration)]);
        }

        if (PlatformUrl is { } url && url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult($"platformUrl {url} must be an http or https address.", [nameof(PlatformUrl)]);
        }
    }
}
