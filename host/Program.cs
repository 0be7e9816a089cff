using ConnectorHost.Cli;
using ConnectorHost.Composition;

// FH-8: files the host writes are 0600 and its folders 0700, whatever umask it was started with.
FileModes.RestrictUmask();
return await CommandLine.RunAsync(args).ConfigureAwait(false);
