using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Sandbox.Plugin;

/// <summary>Settings of <c>sandbox.casewarecloud</c>.</summary>
public sealed class CaseWareCloudSandboxSettings
{
    /// <summary>The port on 127.0.0.1.</summary>
    [Description("The port the sandbox CaseWare Cloud listens on, on 127.0.0.1 only. Its API is http://127.0.0.1:<port>/<firm>/ms/caseware-cloud/api/v2/, its control API /control.")]
    [Range(1, 65535)]
    public int Port { get; set; } = 5200;

    /// <summary>The firm in the address.</summary>
    [Description("The firm in the sandbox's address (letters, digits and dashes).")]
    [RegularExpression("^[A-Za-z0-9-]+$")]
    public string Firm { get; set; } = "demo-firm";

    /// <summary>The client id the sandbox accepts.</summary>
    [Description("The API ClientId the sandbox accepts at auth/token.")]
    public string ClientId { get; set; } = "demo";

    /// <summary>The client secret the sandbox accepts.</summary>
    [Description("The API ClientSecret the sandbox accepts at auth/token.")]
    [Secret]
    public string ClientSecret { get; set; } = "demo";
}
