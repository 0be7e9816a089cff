using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox.CaseWareCloud;

/// <summary>How a <see cref="SandboxCaseWareCloud"/> starts.</summary>
public sealed class SandboxCaseWareCloudOptions
{
    /// <summary>The port on 127.0.0.1; 0 (the default) takes a free one.</summary>
    public int Port { get; set; }

    /// <summary>The firm: the API lives under <c>/{firm}/ms/caseware-cloud/api/v2</c>, as at CaseWare Cloud.</summary>
    public string Firm { get; set; } = "demo-firm";

    /// <summary>The API client id <c>auth/token</c> accepts.</summary>
    public string ClientId { get; set; } = "sandbox-client";

    /// <summary>The API client secret <c>auth/token</c> accepts.</summary>
    public string ClientSecret { get; set; } = "sandbox-secret";

    /// <summary>How long a token is valid (CaseWare Cloud: 30 minutes).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many API calls per second (real time); more get HTTP 429 with Retry-After. 0: no limit.</summary>
    public int RateLimitPerSecond { get; set; }

    /// <summary>The clock of tokens and timestamps; tests give a fake one to let tokens expire.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The faults injected from the start (also settable at <c>/control/faults</c>); none by default.</summary>
    public FaultSettings Faults { get; set; } = FaultSettings.None;

    /// <summary>The least important log level written to the console; <see cref="LogLevel.None"/> writes nothing.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;
}
