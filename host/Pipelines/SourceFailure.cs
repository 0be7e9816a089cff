using System.Runtime.CompilerServices;
using ConnectorHost.Abstractions.Documents;

namespace ConnectorHost.Pipelines;

/// <summary>
/// A failure of the document source while it was read (not of the target): carries the source's own exception, so the
/// run's messages blame the right side. A <see cref="TransientFailureException"/> of a source means the place it reads
/// from is unavailable for a while; a <see cref="TargetAuthenticationException"/> means the service the documents come
/// from refused the credentials. A <see cref="DocumentSourceUnavailableException"/> (part of the source cannot be
/// reached, the rest was scanned) passes through as it is: the runner finishes the run without that part.
/// </summary>
internal sealed class SourceFailure(Exception inner) : Exception(inner.Message, inner)
{
    /// <summary>Reads a source's scan, turning what the source throws into a <see cref="SourceFailure"/>.</summary>
    /// <param name="scan">The source's scan.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <returns>The same documents.</returns>
    public static async IAsyncEnumerable<SourceDocument> Guard(IAsyncEnumerable<SourceDocument> scan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = scan.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                SourceDocument document;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    document = enumerator.Current;
                }
                catch (Exception ex) when (ex is not DocumentSourceUnavailableException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
                {
                    throw new SourceFailure(ex);
                }

                yield return document;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
