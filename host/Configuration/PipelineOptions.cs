using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace ConnectorHost.Configuration;

/// <summary>
/// The fixed keys of one entry under <c>pipelines:</c>. Besides these, a pipeline has either
/// <c>source:</c> + <c>target:</c> (a document pipeline) or <c>task:</c> (a sync pipeline), each with
/// <c>type:</c> and <c>settings:</c>.
/// </summary>
public sealed class PipelineOptions : IValidatableObject
{
    /// <summary>The pipeline's name.</summary>
    [Description("A unique name: lower-case letters, digits and dashes. It appears in every log line of the pipeline.")]
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]*$", ErrorMessage = "'name' may contain only lower-case letters, digits and dashes, starting with a letter or digit")]
    public string Name { get; set; } = string.Empty;

    /// <summary>A description for people.</summary>
    [Description("What the pipeline is for, for the people who read the configuration and the dashboard.")]
    public string? Description { get; set; }

    /// <summary>Whether the pipeline runs.</summary>
    [Description("Set to false to keep a pipeline configured but not running.")]
    public bool Enabled { get; set; } = true;

    /// <summary>The interval schedule.</summary>
    [Description("Run at this interval, for example 30s, 5m, 1h. Give either 'every' or 'cron'.")]
    [Range(typeof(TimeSpan), "00:00:01", "31.00:00:00")]
    public TimeSpan? Every { get; set; }

    /// <summary>The cron schedule.</summary>
    [Description("Run on this cron expression (5 fields, or 6 with seconds), for example \"0 7 * * 1\" for Mondays at 07:00. Give either 'every' or 'cron'.")]
    public string? Cron { get; set; }

    /// <summary>Whether the pipeline only runs when asked.</summary>
    [Description("Run only when asked: Run now on the dashboard, 'run-once <pipeline>', or the pipeline's commands (an import done by hand). Give 'every', 'cron' or 'manual: true'.")]
    public bool Manual { get; set; }

    /// <summary>Whether the other pipelines' first runs wait for this one's.</summary>
    [Description("For a pipeline with 'every': its first run at start goes before the other pipelines' first runs, which wait for it (at most one minute). For a service on this machine that other pipelines call, such as the demo's sandboxes, so that they do not fail and warn at every start.")]
    public bool StartFirst { get; set; }

    /// <summary>The time zone of the cron expression.</summary>
    [Description("The time zone the cron expression is read in (IANA id, for example Europe/Amsterdam). Default: the machine's zone.")]
    public string? TimeZone { get; set; }

    /// <summary>Attempts before a document is finally failed.</summary>
    [Description("Document pipelines: failed submit attempts before a document is 'definitief mislukt' (finally failed), moved to the error folder and mailed about.")]
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The delay after the first failure.</summary>
    [Description("Document pipelines: the wait after the first failed attempt; it doubles after each failure up to maxRetryDelay.")]
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest delay between attempts.</summary>
    [Description("Document pipelines: the longest wait between two attempts.")]
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Calls to the outside service at once (OF-1), for every kind of pipeline.</summary>
    [Description("How many calls to the outside service the pipeline makes at the same time: a document pipeline's submissions and status calls, the CaseWare Cloud sync, the portal set-up import. The default 8 keeps ~160 calls a second going to a service 50 ms away. In the sync and the import a 429 or 503 holds back all of the pipeline's calls. Order and exactly-once rules stay: one document is never submitted twice at once and is recorded before its call; a client's entity goes before its contacts.")]
    [Range(1, 64)]
    public int MaxInFlight { get; set; } = 8;

    /// <summary>How often each pending document's status is asked.</summary>
    [Description("Document pipelines: how often each pending document's status is asked at the portal (CO-8, the polling interval). Default: the 'every' interval, so runs woken in between by new files ask nothing; with 'cron' or 'manual: true', at every run. 0s asks at every run.")]
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan? PollEvery { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var given = (Every is null ? 0 : 1) + (string.IsNullOrWhiteSpace(Cron) ? 0 : 1) + (Manual ? 1 : 0);
        if (given == 0)
        {
            yield return new ValidationResult("the pipeline has no schedule: add 'every: 5m', 'cron: \"*/5 * * * *\"' or 'manual: true'");
        }
        else if (given > 1)
        {
            yield return new ValidationResult("give one of 'every', 'cron' and 'manual: true', not several", [Manual ? nameof(Manual) : nameof(Cron)]);
        }
    }
}
