using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>Settings of <c>casewarecloud.sync</c>.</summary>
public sealed class CaseWareCloudSyncSettings
{
    /// <summary>Where the clients come from.</summary>
    [Description("Where the clients and contact persons come from: AuditCase's JSON export or SQL queries.")]
    [Required]
    public AuditCaseSourceSettings? Source { get; set; }

    /// <summary>CaseWare Cloud.</summary>
    [Description("How to reach CaseWare Cloud.")]
    [Required]
    public CaseWareCloudConnectionSettings? CaseWareCloud { get; set; }

    /// <summary>The client kinds that are private persons.</summary>
    [Description("AuditCase's client kinds that mean a private person, case-insensitive. Private clients are never sent (CW-2).")]
    public List<string> PrivateKinds { get; set; } = ["Private", "Particulier"];

    /// <summary>The client statuses that are never sent.</summary>
    [Description("AuditCase's client statuses that are never sent, case-insensitive (CW-2).")]
    public List<string> ExcludedStatuses { get; set; } = ["Suspect"];

    /// <summary>How often a progress line is logged.</summary>
    [Description("A progress line is logged every this many clients or contacts.")]
    [Range(10, 1_000_000)]
    public int ProgressEvery { get; set; } = 1000;

    /// <summary>Clients (or contact persons) reconciled per batch.</summary>
    [Description("Clients (then contact persons) are reconciled this many at a time, in the export's order; a batch's records are read when it starts. Bounds the run's memory; a larger batch saves little time.")]
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;
}
