using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using Microsoft.Extensions.Logging;
using Portal = ConnectorHost.Plugins.ClientOnline.Contracts;

namespace ConnectorHost.Plugins.ClientOnline.Accordering;

/// <summary>
/// Submits documents to ClientOnline for the client's approval over SOAP and asks their status by idempotency key
/// (CO-1, CO-8). A submit is never retried here: the host records each attempt and retries with back-off (CO-12),
/// asking the portal by key first after a crash. Only the idempotent look-up is tried a few times within one call.
/// </summary>
internal sealed partial class AccorderingTarget(
    SoapChannel<IAccorderingService> channel,
    AccorderingSettings settings,
    TimeProvider clock,
    ILogger<AccorderingTarget> logger) : IAccordeerTarget, IDisposable
{
    /// <summary>Waits between the tries of an idempotent look-up within one call.</summary>
    internal static readonly TimeSpan[] FindRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

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
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var info = await channel.CallAsync(
                    "FindSubmission",
                    s => s.FindSubmissionAsync(settings.UserName, settings.Password, idempotencyKey),
                    cancellationToken).ConfigureAwait(false);
                return info is null ? null : new Abstractions.Documents.SubmissionStatus(PortalStates.StateOf(info.Status), info.Reason, info.Reference);
            }
            catch (TransientFailureException ex) when (attempt < FindRetryDelays.Length)
            {
                LogFindRetried(idempotencyKey, ex.Message);
                await Task.Delay(FindRetryDelays[attempt], clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => channel.Dispose();

    /// <summary>The content's own array when it is one whole array (the host reads it so): no second copy of a large file.</summary>
    private static byte[] WholeArray(ReadOnlyMemory<byte> content) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : content.ToArray();

    [LoggerMessage(Level = LogLevel.Information, Message = "ClientOnline already held {Document} as {Reference}; the earlier submission stands")]
    private partial void LogAlreadyReceived(string document, string reference);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Looking up submission {Key} failed ({Error}); trying again")]
    private partial void LogFindRetried(string key, string error);
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
