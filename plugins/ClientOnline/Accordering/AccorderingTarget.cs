using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Portal = ConnectorHost.Plugins.ClientOnline.Contracts;

namespace ConnectorHost.Plugins.ClientOnline.Accordering;

/// <summary>
/// Submits documents to ClientOnline for the client's approval over SOAP and asks their status by idempotency key
/// (CO-1, CO-8). A submit is never retried here: the host records each attempt and retries with back-off (CO-12),
/// asking the portal by key first after a crash. Only the idempotent look-up is tried a few times within one call.
/// Submissions go over the WCF proxy on a streamed channel (a document's bytes are not buffered whole); the status
/// look-ups, small and 10,000 per run with 10,000 pending, as plain HTTP posts (<see cref="StatusLookUp"/>).
/// </summary>
internal sealed partial class AccorderingTarget(
    SoapChannel<IAccorderingService> channel,
    StatusLookUp lookUps,
    AccorderingSettings settings,
    TimeProvider clock,
    ILogger<AccorderingTarget> logger) : IAccordeerTarget, IDisposable
{
    /// <summary>Waits between the tries of an idempotent look-up within one call.</summary>
    internal static readonly TimeSpan[] FindRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>The idempotency key being looked up, for the retry's log line.</summary>
    private static readonly ResiliencePropertyKey<string> LookedUpKey = new("clientonline.find.key");

    /// <summary>The look-up's retries: a passing failure is tried again after each of <see cref="FindRetryDelays"/>, on the clock.</summary>
    private readonly ResiliencePipeline _findRetry = new ResiliencePipelineBuilder { TimeProvider = clock }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<TransientFailureException>(),
            MaxRetryAttempts = FindRetryDelays.Length,
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(FindRetryDelays[args.AttemptNumber]),
            OnRetry = args =>
            {
                LogFindRetried(logger, args.Context.Properties.GetValue(LookedUpKey, "?"), args.Outcome.Exception!.Message, args.AttemptNumber + 1, FindRetryDelays.Length + 1, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    public async Task<Abstractions.Documents.SubmissionStatus> SubmitAsync(DocumentSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var metadata = submission.Metadata;
        var request = new SubmitDocumentRequest
        {
            UserName = settings.UserName,
            Password = settings.Password,
            IdempotencyKey = submission.IdempotencyKey,
            FileName = submission.FileName,
            Content = WholeArray(submission.Content),
            ClientNumber = metadata.ClientNumber,
            ClientNumberKind = PortalStates.NumberKind(metadata.ClientNumberKind),
            DocumentType = metadata.DocumentType,
            PeriodFrom = metadata.PeriodFrom?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
            PeriodTo = metadata.PeriodTo?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
            Notify = settings.Notifications,
        };
        var response = await channel.CallAsync("SubmitDocument", s => s.SubmitDocumentAsync(request), cancellationToken).ConfigureAwait(false);
        if (response.AlreadyReceived)
        {
            LogAlreadyReceived(submission.FileName, response.Reference);
        }

        return new Abstractions.Documents.SubmissionStatus(PortalStates.StateOf(response.Status), response.Reason, response.Reference);
    }

    public async Task<Abstractions.Documents.SubmissionStatus?> FindAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(LookedUpKey, idempotencyKey);
        try
        {
            return await _findRetry.ExecuteAsync(
                async (c, key) =>
                {
                    var info = await lookUps.FindAsync(key, c.CancellationToken).ConfigureAwait(false);
                    return info is null ? null : new Abstractions.Documents.SubmissionStatus(PortalStates.StateOf(info.Status), info.Reason, info.Reference);
                },
                context,
                idempotencyKey).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public void Dispose()
    {
        channel.Dispose();
        lookUps.Dispose();
    }

    /// <summary>The content's own array when it is one whole array (the host reads it so): no second copy of a large file.</summary>
    private static byte[] WholeArray(ReadOnlyMemory<byte> content) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : content.ToArray();

    [LoggerMessage(Level = LogLevel.Information, Message = "ClientOnline already held {Document} as {Reference}; the earlier submission stands")]
    private partial void LogAlreadyReceived(string document, string reference);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Looking up the submission with idempotency key {Key} at ClientOnline failed ({Error}), try {Attempt} of {Tries}; trying again in {Wait}")]
    private static partial void LogFindRetried(ILogger logger, string key, string error, int attempt, int tries, TimeSpan wait);

}

/// <summary>The mapping between the portal's and the host's states and number kinds, as tables.</summary>
internal static class PortalStates
{
    private static readonly Dictionary<Portal.SubmissionStatus, SubmissionState> States = new()
    {
        [Portal.SubmissionStatus.Pending] = SubmissionState.Pending,
        [Portal.SubmissionStatus.Approved] = SubmissionState.Approved,
        [Portal.SubmissionStatus.Rejected] = SubmissionState.Rejected,
        [Portal.SubmissionStatus.ClientNotFound] = SubmissionState.ClientNotFound,
        [Portal.SubmissionStatus.Refused] = SubmissionState.Refused,
        [Portal.SubmissionStatus.Withdrawn] = SubmissionState.Withdrawn,
    };

    private static readonly Dictionary<Abstractions.Documents.ClientNumberKind, Portal.ClientNumberKind> Kinds = new()
    {
        [Abstractions.Documents.ClientNumberKind.KvK] = Portal.ClientNumberKind.KvK,
        [Abstractions.Documents.ClientNumberKind.HiddenId] = Portal.ClientNumberKind.HiddenId,
        [Abstractions.Documents.ClientNumberKind.OB] = Portal.ClientNumberKind.OB,
        [Abstractions.Documents.ClientNumberKind.LH] = Portal.ClientNumberKind.LH,
        [Abstractions.Documents.ClientNumberKind.BSN] = Portal.ClientNumberKind.BSN,
        [Abstractions.Documents.ClientNumberKind.RSIN] = Portal.ClientNumberKind.RSIN,
    };

    public static SubmissionState StateOf(Portal.SubmissionStatus status) => States[status];

    public static Portal.ClientNumberKind NumberKind(Abstractions.Documents.ClientNumberKind kind) => Kinds[kind];
}
