using ConnectorHost.Plugins.CaseWareCloud.AuditCase;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>Which AuditCase clients may be sent to CaseWare Cloud (CW-1, CW-2), from the settings' kinds and statuses.</summary>
internal sealed class ClientRules(IEnumerable<string> privateKinds, IEnumerable<string> excludedStatuses)
{
    private readonly HashSet<string> _privateKinds = new(privateKinds, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _excludedStatuses = new(excludedStatuses, StringComparer.OrdinalIgnoreCase);

    /// <summary>The rules as text: a run under other rules sends other things.</summary>
    public string Fingerprint => $"private: {string.Join(',', _privateKinds.Order(StringComparer.OrdinalIgnoreCase))}; excluded: {string.Join(',', _excludedStatuses.Order(StringComparer.OrdinalIgnoreCase))}";

    /// <summary>Why a client cannot be sent (CW-1, CW-2), or null when it can.</summary>
    public (string Code, string Text)? NotSendable(AuditCaseClient client)
    {
        if (!client.Link)
        {
            return (Reasons.Unlinked, "not linked: the switch 'link with CaseWare Cloud' is off in AuditCase");
        }

        if (_privateKinds.Contains(client.Kind))
        {
            return (Reasons.Private, $"a private client (kind '{client.Kind}') cannot be linked with CaseWare Cloud; only business clients can. Switch the link off in AuditCase, or make it a business client");
        }

        if (_excludedStatuses.Contains(client.Status))
        {
            return (Reasons.Suspect, $"a client with status '{client.Status}' cannot be linked with CaseWare Cloud. Change the status in AuditCase once it is a client, or switch the link off");
        }

        return null;
    }
}
