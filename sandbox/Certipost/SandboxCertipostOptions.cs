using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.Certipost;

/// <summary>How a <see cref="SandboxCertipost"/> starts.</summary>
public sealed class SandboxCertipostOptions
{
    /// <summary>The port on 127.0.0.1; 0 (the default) takes a free one.</summary>
    public int Port { get; set; }

    /// <summary>The API key every call under <c>/api</c> must carry in the <c>X-Api-Key</c> header.</summary>
    public string ApiKey { get; set; } = "sandbox-key";

    /// <summary>How long after an opt-in is received the customer appears on the list of enrolled customers (default 2 days).</summary>
    public TimeSpan ConfirmationDelay { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The clock for receipts and confirmations; tests give a fake one.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The least important log level written to the console; <see cref="LogLevel.None"/> writes nothing.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>The faults injected from the start (also settable at <c>/control/faults</c>); none by default.</summary>
    public FaultSettings Faults { get; set; } = FaultSettings.None;
}
