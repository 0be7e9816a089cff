namespace ConnectorHost.Composition;

/// <summary>Why the host stopped on its own, if it did: the <c>run</c> command turns it into exit code 1.</summary>
internal sealed class HostExitState
{
    public string? Failure { get; set; }
}
