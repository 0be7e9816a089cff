using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the monitoring page shows.</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Dossier">The dossier filtered on, or null for all.</param>
/// <param name="All">Every task, or only failed tasks and tasks with an instruction.</param>
/// <param name="Tasks">The tasks.</param>
/// <param name="Instructions">Every instruction, open or resolved, by id.</param>
public sealed record MonitoringModel(Navigation Navigation, string? Dossier, bool All, IReadOnlyList<QueuedTask> Tasks, IReadOnlyDictionary<long, StoredInstruction> Instructions);
