namespace ConnectorHost.Plugins.ClientOnline.Xbrl;

/// <summary>
/// What an instance read by <see cref="XbrlInstanceParser"/> means (CO-3): its filing type from the entry point, and
/// its current reporting period from the reporting-period facts or, without them, from its duration contexts.
/// </summary>
internal static class XbrlPeriodRules
{
    public static XbrlReadResult Interpret(XbrlInstance instance)
    {
        var match = FilingTypeTable.Match(instance.EntryPoint);
        if (match is null)
        {
            return XbrlReadResult.Failure(
                new XbrlReadError(
                    XbrlReadErrorKind.UnknownEntryPoint,
                    $"Unknown taxonomy entry point '{instance.EntryPoint}' (link:schemaRef '{instance.SchemaRef}'): "
                    + $"not a filing type the connector knows. Known: {FilingTypeTable.KnownShapes}."),
                instance);
        }

        if (instance.Contexts.Count == 0)
        {
            return XbrlReadResult.Failure(
                new XbrlReadError(XbrlReadErrorKind.NoContext, $"The {match.Entry.DocumentType} instance has no xbrli:context, so no period and no entity."),
                instance);
        }

        var entities = instance.Contexts
            .Select(c => (c.EntityScheme, c.EntityIdentifier))
            .Distinct()
            .ToList();
        if (entities.Count > 1)
        {
            var named = string.Join(", ", entities.Select(e => $"{e.EntityIdentifier} ({e.EntityScheme}, context "
                + instance.Contexts.First(c => c.EntityScheme == e.EntityScheme && c.EntityIdentifier == e.EntityIdentifier).Id + ")"));
            return XbrlReadResult.Failure(
                new XbrlReadError(XbrlReadErrorKind.MultipleEntities, $"The contexts name more than one entity: {named}; a filing is for one client."),
                instance);
        }

        var period = DecidePeriod(instance, match.Entry);
        if (period.Error is not null)
        {
            return XbrlReadResult.Failure(period.Error, instance);
        }

        var context = period.Context!;
        return XbrlReadResult.Success(
            new XbrlFiling(
                match.EntryPoint,
                match.Entry.FilingType,
                match.TaxonomyYear,
                match.Variant,
                match.Entry.NumberKind,
                match.Entry.DocumentType,
                period.From,
                period.To,
                context.Id,
                context.EntityIdentifier,
                context.EntityScheme),
            instance);
    }

    private static (DateOnly From, DateOnly To, XbrlContext? Context, XbrlReadError? Error) DecidePeriod(
        XbrlInstance instance, FilingTypeEntry entry)
    {
        var (start, end) = (instance.CurrentPeriodStart, instance.CurrentPeriodEnd);
        var useFacts = entry.PeriodSource == PeriodSource.ReportingPeriodFacts
            || (entry.PeriodSource == PeriodSource.ReportingPeriodFactsOrContext && (start is not null || end is not null));
        if (useFacts && start is not null && end is not null)
        {
            if (start.Value > end.Value)
            {
                return (default, default, null, new XbrlReadError(
                    XbrlReadErrorKind.NoPeriod,
                    $"{XbrlInstanceParser.CurrentStartFact} {start.Value:yyyy-MM-dd} (line {start.LineNumber}) is after {XbrlInstanceParser.CurrentEndFact} {end.Value:yyyy-MM-dd} (line {end.LineNumber}).",
                    start.LineNumber));
            }

            var context = instance.Contexts.FirstOrDefault(c => c.Id == start.ContextRef);
            if (context is null)
            {
                return (default, default, null, new XbrlReadError(
                    XbrlReadErrorKind.InvalidValue,
                    $"{XbrlInstanceParser.CurrentStartFact} (line {start.LineNumber}) refers to context '{start.ContextRef}', which the instance does not have.",
                    start.LineNumber));
            }

            return (start.Value, end.Value, context, null);
        }

        if (useFacts)
        {
            return PeriodFromContexts(instance, entry);
        }

        var message = instance.Contexts.FirstOrDefault(c => c.IsDuration && c.IsPlain)
            ?? instance.Contexts.FirstOrDefault(c => c.IsDuration);
        if (message is null)
        {
            return (default, default, null, new XbrlReadError(
                XbrlReadErrorKind.NoPeriod,
                $"No context of the {entry.DocumentType} instance has a duration period (xbrli:startDate and xbrli:endDate); "
                + $"contexts: {string.Join(", ", instance.Contexts.Select(c => c.Id))}."));
        }

        if (message.StartDate!.Value > message.EndDate!.Value)
        {
            return (default, default, null, new XbrlReadError(
                XbrlReadErrorKind.NoPeriod,
                $"Context '{message.Id}' starts ({message.StartDate:yyyy-MM-dd}) after it ends ({message.EndDate:yyyy-MM-dd})."));
        }

        return (message.StartDate.Value, message.EndDate.Value, message, null);
    }

    /// <summary>
    /// CO-16: annual accounts without both reporting-period facts take their period from their contexts: the plain
    /// duration context most of the instance's facts refer to (on a tie, the one that ends last). A period fact that
    /// is present must agree with it (its start or end date); only an instance with no usable duration is refused.
    /// </summary>
    private static (DateOnly From, DateOnly To, XbrlContext? Context, XbrlReadError? Error) PeriodFromContexts(XbrlInstance instance, FilingTypeEntry entry)
    {
        var (start, end) = (instance.CurrentPeriodStart, instance.CurrentPeriodEnd);
        var durations = instance.Contexts.Where(c => c.IsDuration && c.StartDate <= c.EndDate).ToList();
        var plain = durations.Where(c => c.IsPlain).ToList();
        var candidates = (plain.Count > 0 ? plain : durations)
            .Where(c => (start is null || c.StartDate == start.Value) && (end is null || c.EndDate == end.Value))
            .OrderByDescending(c => instance.FactsPerContext.TryGetValue(c.Id, out var n) ? n : 0)
            .ThenByDescending(c => c.EndDate)
            .ToList();
        if (candidates.FirstOrDefault() is { } current)
        {
            return (current.StartDate!.Value, current.EndDate!.Value, current, null);
        }

        var missing = string.Join(" and ", new[] { start is null ? XbrlInstanceParser.CurrentStartFact : null, end is null ? XbrlInstanceParser.CurrentEndFact : null }.OfType<string>());
        var present = start ?? end;
        var why = present is null
            ? $"and no context has a duration period (xbrli:startDate and xbrli:endDate); contexts: {string.Join(", ", instance.Contexts.Select(c => c.Id))}"
            : $"and no duration context {(start is not null ? "starts" : "ends")} on {present.Value:yyyy-MM-dd}, the {(start is not null ? XbrlInstanceParser.CurrentStartFact : XbrlInstanceParser.CurrentEndFact)} fact at line {present.LineNumber}"
              + $" (duration contexts: {(durations.Count == 0 ? "none" : string.Join(", ", durations.Select(c => $"{c.Id} {c.StartDate:yyyy-MM-dd}..{c.EndDate:yyyy-MM-dd}")))})";
        return (default, default, null, new XbrlReadError(
            XbrlReadErrorKind.NoPeriod,
            $"The {entry.DocumentType} instance has no {missing} fact {why}: its current reporting period cannot be told. Export it again with the reporting-period facts.",
            present?.LineNumber ?? 0));
    }
}
