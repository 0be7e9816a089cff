namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>
/// A file's stream whose every read is given up after a deadline (FH-1): the content the host reads at submission is
/// bounded by the folder source's <c>readTimeout</c>, not only by the pipeline's <c>runTimeout</c>. A read cannot be
/// cancelled once the system has it, so a read given up runs on in its own thread; <paramref name="gaveUp"/> is told
/// about it, and the caller gets an <see cref="IOException"/> naming the file and the deadline.
/// </summary>
/// <param name="inner">The open file; disposed with this stream (or when a read given up returns).</param>
/// <param name="path">The file, for the message.</param>
/// <param name="deadline">How long one read may take.</param>
/// <param name="gaveUp">Told about a read that was given up (still running).</param>
internal sealed class DeadlineStream(Stream inner, string path, TimeSpan deadline, Action<Task> gaveUp) : Stream
{
    private Task? _abandoned;

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_abandoned is not null)
        {
            throw new IOException($"an earlier read of '{path}' did not finish within {deadline.TotalSeconds:0.#} s; the file is not read further");
        }

        var read = Task.Run(() => inner.Read(buffer.Span), CancellationToken.None);
        try
        {
            return await read.WaitAsync(deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            _abandoned = read;
            gaveUp(read);
            throw new IOException($"reading '{path}' did not finish within {deadline.TotalSeconds:0.#} s (readTimeout; a network share that stopped answering?); it is read again once that read returns", ex);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_abandoned is { } running)
            {
                // The file is closed once the read given up returns; closing it under the running read is not safe.
                _ = running.ContinueWith(_ => inner.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
            else
            {
                inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
