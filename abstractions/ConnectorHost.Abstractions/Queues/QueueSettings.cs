using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Abstractions.Queues;

/// <summary>
/// The settings the host's queue runner reads (workers, back-off, leases, mails, reminder). The settings class of an
/// <see cref="IQueueTaskHandler"/> derives from it and adds what its origin needs; the YAML keys of both sit side by
/// side in the component's <c>settings:</c>. Override <see cref="Validate"/> to add rules, yielding the base's too.
/// </summary>
public class QueueSettings : IValidatableObject
{
    private const int ReminderIntervalDays = 14;

    /// <summary>How many tasks run at once, each of another dossier (OF-1: 8, measured: at 50 ms 8 workers run ~120 tasks/s, 1 runs 16).</summary>
    [Description("How many tasks run at once, each of another dossier; tasks of one dossier never run at the same time. The default 8 suits a platform ~50 ms away (about 120 tasks a second; 1 worker manages 16).")]
    [Range(1, 16)]
    public int Workers { get; set; } = 8;

    /// <summary>How often a passing failure is retried before an instruction is made.</summary>
    [Description("How often a passing failure (the service unavailable) is retried, with back-off, before the dossier is blocked with an instruction.")]
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

    /// <summary>How long a claimed task belongs to this host without a heartbeat.</summary>
    [Description("How long a claimed task belongs to this host without a heartbeat: the lease is renewed every third of this while the task runs, so a long task is never taken over; when the host dies, another worker or host takes the task over after this. Longer than one run of a task may take.")]
    [Range(typeof(TimeSpan), "00:00:03", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

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

    /// <summary>Finds <see cref="OfficeTimeZone"/>; only valid settings have one.</summary>
    /// <returns>The time zone.</returns>
    public TimeZoneInfo FindOfficeZone() => TimeZoneInfo.FindSystemTimeZoneById(OfficeTimeZone);

    /// <summary>Whether the reminder is due on <paramref name="day"/>: <see cref="FirstReminderDate"/> plus a multiple of 14 days.</summary>
    /// <param name="day">A day in the office's time zone.</param>
    /// <returns><c>true</c> on a reminder Monday.</returns>
    public bool IsReminderDay(DateOnly day)
    {
        var sinceFirst = day.DayNumber - FirstReminderDate.DayNumber;
        return sinceFirst >= 0 && sinceFirst % ReminderIntervalDays == 0;
    }

    /// <inheritdoc />
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
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

        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return new ValidationResult(
                $"maxRetryDelay ({MaxRetryDelay}) must not be shorter than firstRetryDelay ({FirstRetryDelay}).", [nameof(MaxRetryDelay)]);
        }
    }
}
