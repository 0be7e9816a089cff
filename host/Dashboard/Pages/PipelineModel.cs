using ConnectorHost.Abstractions.Commands;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What a pipeline's page shows.</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Result">The result of the command just run, shown on top, or null.</param>
/// <param name="ResultOf">The command that result is of.</param>
/// <param name="Sections">One per command the pipeline offers, in its order.</param>
public sealed record PipelineModel(Navigation Navigation, string Pipeline, AdminCommandResult? Result, string? ResultOf, IReadOnlyList<CommandSection> Sections);

/// <summary>One command on a pipeline's page.</summary>
/// <param name="Command">The command.</param>
/// <param name="View">The view's result when it is a view run for the page (no required arguments), else null.</param>
public sealed record CommandSection(AdminCommand Command, AdminCommandResult? View);
