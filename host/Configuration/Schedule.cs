using Cronos;

namespace ConnectorHost.Configuration;

/// <summary>When a pipeline runs.</summary>
public abstract record Schedule
{
    /// <summary>The next run after a moment.</summary>
    /// <param name="after">The moment (the last run's start, or now).</param>
    /// <returns>The next moment, or <c>null</c> when there is none.</returns>
    public abstract DateTimeOffset? Next(DateTimeOffset after);
}

/// <summary>Runs at a fixed interval (<c>every: 30m</c>).</summary>
/// <param name="Interval">The time between the starts of two runs.</param>
public sealed record EverySchedule(TimeSpan Interval) : Schedule
{
    /// <inheritdoc />
    public override DateTimeOffset? Next(DateTimeOffset after) => after + Interval;

    /// <inheritdoc />
    public override string ToString() => $"every {Duration.ToText(Interval)}";
}

/// <summary>Runs on a cron expression (<c>cron: "0 7 * * 1"</c>), in a time zone.</summary>
/// <param name="Text">The expression as written.</param>
/// <param name="Expression">The parsed expression.</param>
/// <param name="TimeZone">The zone the expression is read in.</param>
public sealed record CronSchedule(string Text, CronExpression Expression, TimeZoneInfo TimeZone) : Schedule
{
    /// <inheritdoc />
    public override DateTimeOffset? Next(DateTimeOffset after) => Expression.GetNextOccurrence(after, TimeZone);

    /// <inheritdoc />
    public override string ToString() => $"cron '{Text}' ({TimeZone.Id})";
}

/// <summary><c>manual: true</c>: never by itself; only Run now, <c>run-once</c> or the pipeline's commands.</summary>
public sealed record ManualSchedule : Schedule
{
    /// <inheritdoc />
    public override DateTimeOffset? Next(DateTimeOffset after) => null;

    /// <inheritdoc />
    public override string ToString() => "manual";
}
