using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Plugins.AccountingTasks;

/// <summary>
/// Settings of <c>accountingtasks.queue</c>. How often the platform is polled is the pipeline's <c>every:</c>
/// (5m is the platform's rhythm; keep it between 1m and 60m).
/// </summary>
public sealed class TaskQueueSettings : IValidatableObject
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

    /// <summary>How many tasks run at once, each of another dossier.</summary>
    [Description("How many tasks run at once, each of another dossier; tasks of one dossier never run at the same time.")]
    [Range(1, 16)]
    public int Workers { get; set; } = 2;

    /// <summary>How often a passing failure is retried before an instruction is made.</summary>
    [Description("How often a passing failure (the package's API unavailable) is retried, with back-off, before the dossier is blocked with an instruction.")]
    [Range(0, 100)]
    public int MaxTransientRetries { get; set; } = 5;

    /// <summary>The wait after the first passing failure.</summary>
    [Description("The wait after the first passing failure of a task; it doubles after each further failure, up to maxRetryDelay.")]
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two attempts.</summary>
    [Description("The longest wait between two attempts of a task after passing failures.")]
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a claimed task belongs to this connector.</summary>
    [Description("How long a claimed task belongs to this connector without a heartbeat: the lease is renewed every third of this while the task runs, so a long task is never taken over; when the connector dies, another worker or host takes the task over after this. Longer than requestTimeout.")]
    [Range(typeof(TimeSpan), "00:00:03", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The time-out of one call to the platform or the package.</summary>
    [Description("The time-out of one call to the platform or the package.")]
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The recipients of the instruction mails and the reminder.</summary>
    [Description("The recipients of the instruction mails and the reminder; empty for the host's mail.defaultTo.")]
    [Example("[boekhouding@kantoor.nl]")]
    public List<string> MailTo { get; set; } = [];

    /// <summary>The first Monday the reminder of open instructions is due; then every two weeks.</summary>
    [Description("The Monday of the first reminder of open instructions; it is due every two weeks from then on, and sent only when the oldest open instruction is 5 days old or more.")]
    [Example("2024-01-01")]
    public DateOnly FirstReminderDate { get; set; } = new(2024, 1, 1);

    /// <summary>The office's time zone (an IANA id): the reminder's Monday and the times in the mails are in it.</summary>
    [Description("The office's time zone, an IANA id: the reminder's Monday, the age of open instructions and the times in the mails are read in it, whatever the machine's time zone.")]
    [Example("Europe/Brussels")]
    public string OfficeTimeZone { get; set; } = "Europe/Amsterdam";

    /// <summary>The <see cref="OfficeTimeZone"/>, found; only valid settings have one.</summary>
    internal TimeZoneInfo OfficeZone => TimeZoneInfo.FindSystemTimeZoneById(OfficeTimeZone);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(OfficeTimeZone ?? string.Empty, out _))
        {
            yield return new ValidationResult(
                $"officeTimeZone '{OfficeTimeZone}' is not a time zone this machine knows; give an IANA id such as Europe/Amsterdam or Europe/Brussels.",
                [nameof(OfficeTimeZone)]);
        }

        if (FirstReminderDate.DayOfWeek != DayOfWeek.Monday)
        {
            yield return new ValidationResult(
                $"firstReminderDate {FirstReminderDate:yyyy-MM-dd} is a {FirstReminderDate.DayOfWeek}; the reminder goes out on Mondays, so give a Monday.",
                [nameof(FirstReminderDate)]);
        }

        if (LeaseDuration <= RequestTimeout)
        {
            yield return new ValidationResult(
                $"leaseDuration ({LeaseDuration}) must be longer than requestTimeout ({RequestTimeout}), or a slow task could be taken over while it still runs.",
                [nameof(LeaseDuration)]);
        }

        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return new ValidationResult(
                $"maxRetryDelay ({MaxRetryDelay}) must not be shorter than firstRetryDelay ({FirstRetryDelay}).", [nameof(MaxRetryDelay)]);
        }

        if (PlatformUrl is { } url && url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult($"platformUrl {url} must be an http or https address.", [nameof(PlatformUrl)]);
        }
    }
}
