using ConnectorHost.Cli;
using ConnectorHost.Composition;

// FH-8: files the host writes are 0600 and its folders 0700, whatever umask it was started with.
FileModes.RestrictUmask();

// OF-5: the native heap in two glibc malloc arenas, not up to eight per core (an admin's MALLOC_ARENA_MAX wins).
NativeHeap.LimitArenas();
return await CommandLine.RunAsync(args).ConfigureAwait(false);
