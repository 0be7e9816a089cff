using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>How a <see cref="SandboxPortal"/> starts.</summary>
public sealed class SandboxPortalOptions
{
    /// <summary>The port on 127.0.0.1; 0 (the default) takes a free one.</summary>
    public int Port { get; set; }

    /// <summary>The user name the portal accepts on every SOAP call.</summary>
    public string UserName { get; set; } = "demo";

    /// <summary>The password the portal accepts on every SOAP call.</summary>
    public string Password { get; set; } = "demo";

    /// <summary>Whether to start with the demo clients (<see cref="SandboxPortal.DemoClients"/>), among them Demo BV, KvK 12345678.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>The initial deadline settings per document type (CO-4); changeable through the control API.</summary>
    public DeadlineSettings Deadlines { get; set; } = new(
        14,
        new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["OB-aangifte"] = 7,
            ["ICP-opgaaf"] = 7,
            ["KvK-jaarverantwoording"] = 30,
        });

    /// <summary>The clock for receipt times and deadlines; tests may give a fake one.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The largest request body accepted, in bytes (base64 makes a document a third larger).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The faults injected from the start (also settable at <c>/control/faults</c>); none by default.</summary>
    public FaultSettings Faults { get; set; } = FaultSettings.None;

    /// <summary>The least important log level written to the console; <see cref="LogLevel.None"/> writes nothing.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;
}
