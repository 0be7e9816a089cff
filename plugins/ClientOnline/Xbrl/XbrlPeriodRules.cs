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

        var period = DecidePeriod(instance, match);
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
        XbrlInstance instance, EntryPointMatch match)
    {
        var entry = match.Entry;
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
            return PeriodFromContexts(instance, match);
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
    /// duration context most of the instance's facts refer to. A period fact that is present must agree with it (its
    /// start or end date); only an instance with no usable duration is refused. FH-4: the context chosen must start (or,
    /// failing that, end) in the entry point's year (a prior-year context with more facts is never taken silently), and a tie between
    /// the contexts of that year is refused too; both refusals list the candidates.
    /// </summary>
    private static (DateOnly From, DateOnly To, XbrlContext? Context, XbrlReadError? Error) PeriodFromContexts(XbrlInstance instance, EntryPointMatch match)
    {
        var entry = match.Entry;
        var (start, end) = (instance.CurrentPeriodStart, instance.CurrentPeriodEnd);
        var durations = instance.Contexts.Where(c => c.IsDuration && c.StartDate <= c.EndDate).ToList();
        var plain = durations.Where(c => c.IsPlain).ToList();
        int Facts(XbrlContext c) => instance.FactsPerContext.TryGetValue(c.Id, out var n) ? n : 0;
        string Listed(IEnumerable<XbrlContext> contexts) =>
            string.Join(", ", contexts.Select(c => $"{c.Id} {c.StartDate:yyyy-MM-dd}..{c.EndDate:yyyy-MM-dd} ({Facts(c)} facts)"));
        var candidates = (plain.Count > 0 ? plain : durations)
            .Where(c => (start is null || c.StartDate == start.Value) && (end is null || c.EndDate == end.Value))
            .OrderByDescending(Facts)
            .ThenByDescending(c => c.EndDate)
            .ToList();
        var year = match.TaxonomyYear;
        // A context starting in the entry point's year fits best; one only ending in it (a book year begun the year before) next.
        int Fit(XbrlContext c) => c.StartDate!.Value.Year == year ? 2 : c.EndDate!.Value.Year == year ? 1 : 0;
        var best = candidates.Count == 0 ? 0 : candidates.Max(Fit);
        var ofTheYear = best == 0 ? [] : candidates.Where(c => Fit(c) == best).ToList();
        if (candidates.Count > 0 && ofTheYear.Count == 0)
        {
            return (default, default, null, new XbrlReadError(
                XbrlReadErrorKind.AmbiguousPeriod,
                $"The {entry.DocumentType} instance has no reporting-period facts, and none of its duration contexts starts or ends in {year}, the year of its entry point '{match.EntryPoint}': {Listed(candidates)}. "
                + "Its period cannot be told for sure; export it again with the reporting-period facts (or with the entry point of its year)."));
        }

        if (ofTheYear.Count > 1 && Facts(ofTheYear[0]) == Facts(ofTheYear[1]))
        {
            var tied = ofTheYear.Where(c => Facts(c) == Facts(ofTheYear[0]));
            return (default, default, null, new XbrlReadError(
                XbrlReadErrorKind.AmbiguousPeriod,
                $"The {entry.DocumentType} instance has no reporting-period facts, and more than one duration context of {year} has the most facts: {Listed(tied)}. "
                + "Its period cannot be told for sure; export it again with the reporting-period facts."));
        }

        if (ofTheYear.FirstOrDefault() is { } current)
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
