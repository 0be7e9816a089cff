using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.AccountingPlatform;

/// <summary>How a <see cref="SandboxPlatform"/> starts.</summary>
public sealed class SandboxPlatformOptions
{
    /// <summary>The port on 127.0.0.1; 0 (the default) takes a free one.</summary>
    public int Port { get; set; }

    /// <summary>The offices and their API keys (header <c>X-Api-Key</c>).</summary>
    public Dictionary<string, string> Offices { get; } = new(StringComparer.Ordinal) { ["kantoor-demo"] = "demo-key" };

    /// <summary>The clock of delivery and run moments; tests may give a fake one.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The least important log level written to the console; <see cref="LogLevel.None"/> writes nothing.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>The faults injected from the start (also settable at <c>/control/faults</c>); none by default.</summary>
    public FaultSettings Faults { get; set; } = FaultSettings.None;
}
