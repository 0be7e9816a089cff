using System.Globalization;

namespace ConnectorHost.Sandbox;

/// <summary>
/// The fault flags every sandbox program takes (the same as <c>PUT /control/faults</c>, for a run that starts faulty).
/// A share is 0..1 of the calls; milliseconds and seconds are whole numbers.
/// </summary>
public static class FaultArguments
{
    /// <summary>The flags, for a program's usage line.</summary>
    public const string Usage =
        "[--latency MS] [--jitter MS] [--faults SHARE] [--http500 SHARE] [--http503 SHARE] [--too-many-requests SHARE] [--retry-after S] "
        + "[--drop-connection SHARE] [--answer-lost SHARE] [--http503-after-write SHARE] [--slow-body SHARE] [--slow-body-ms MS] [--fault-seed N]";

    /// <summary>Applies one flag, if it is a fault flag.</summary>
    /// <param name="flag">The flag, for example <c>--latency</c>.</param>
    /// <param name="value">Reads the flag's value (the next argument).</param>
    /// <param name="settings">The settings so far; replaced by the changed ones.</param>
    /// <returns>Whether the flag was a fault flag.</returns>
    /// <exception cref="ArgumentException">The value is not a number.</exception>
    public static bool TryApply(string flag, Func<string> value, ref FaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(settings);
        var s = settings;
        FaultSettings? changed = flag switch
        {
            "--latency" => s with { LatencyMs = Int(flag, value()) },
            "--jitter" => s with { JitterMs = Int(flag, value()) },
            "--http500" => s with { Http500 = FaultRule.OfShare(Share(flag, value())) },
            "--http503" => s with { Http503 = FaultRule.OfShare(Share(flag, value())) },
            "--too-many-requests" => s with { TooManyRequests = FaultRule.OfShare(Share(flag, value())) },
            "--retry-after" => s with { RetryAfterSeconds = Int(flag, value()) },
            "--drop-connection" => s with { DropConnection = FaultRule.OfShare(Share(flag, value())) },
            "--answer-lost" => s with { AnswerLost = FaultRule.OfShare(Share(flag, value())) },
            "--http503-after-write" => s with { Http503AfterWrite = FaultRule.OfShare(Share(flag, value())) },
            "--slow-body" => s with { SlowBody = FaultRule.OfShare(Share(flag, value())) },
            "--slow-body-ms" => s with { SlowBodyMs = Int(flag, value()) },
            "--fault-seed" => s with { Seed = Int(flag, value()) },
            "--faults" => Every(s, FaultRule.OfShare(Share(flag, value()))),
            _ => null,
        };
        if (changed is null)
        {
            return false;
        }

        settings = changed;
        return true;
    }

    /// <summary>Every kind of fault a sandbox can have, each for the same share (not the service-specific ones).</summary>
    private static FaultSettings Every(FaultSettings s, FaultRule rule) => s with
    {
        Http500 = rule,
        Http503 = rule,
        TooManyRequests = rule,
        DropConnection = rule,
        AnswerLost = rule,
        SlowBody = rule,
    };

    private static int Int(string flag, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new ArgumentException($"{flag} needs a whole number of 0 or more, got '{text}'.");

    private static double Share(string flag, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 1
            ? d
            : throw new ArgumentException($"{flag} needs a share between 0 and 1 (0.05 = 5% of the calls), got '{text}'.");
}
