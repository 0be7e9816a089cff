using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Sandbox.Plugin;

/// <summary>Settings of <c>sandbox.certipost</c>.</summary>
public sealed class CertipostSandboxSettings
{
    /// <summary>The port on 127.0.0.1.</summary>
    [Description("The port the sandbox Certipost listens on, on 127.0.0.1 only. Its API is /api/v1 (optins, enrolments), its control API /control.")]
    [Range(1, 65535)]
    public int Port { get; set; } = 5181;

    /// <summary>The API key the sandbox accepts.</summary>
    [Description("The API key the sandbox Certipost accepts (header X-Api-Key).")]
    [Secret]
    public string ApiKey { get; set; } = "demo-certipost-key";

    /// <summary>How long until an enrolment is confirmed.</summary>
    [Description("How long after an opt-in the sandbox confirms the enrolment (puts the customer on the daily list). Certipost takes about two days; a demo may use minutes.")]
    public TimeSpan ConfirmationDelay { get; set; } = TimeSpan.FromDays(2);
}
