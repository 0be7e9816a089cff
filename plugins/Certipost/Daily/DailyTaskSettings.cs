using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>Settings of <c>certipost.daily</c>.</summary>
public sealed class DailyTaskSettings
{
    /// <summary>Certipost.</summary>
    [Description("How to reach Certipost.")]
    [Required]
    public CertipostConnectionSettings? Certipost { get; set; }

    /// <summary>When an unconfirmed enrolment is late.</summary>
    [Description("A relation submitted longer ago than this and still unconfirmed is reported (Certipost takes up to 2 days).")]
    [Range(typeof(TimeSpan), "01:00:00", "31.00:00:00")]
    public TimeSpan ConfirmationExpectedWithin { get; set; } = TimeSpan.FromDays(2);
}
