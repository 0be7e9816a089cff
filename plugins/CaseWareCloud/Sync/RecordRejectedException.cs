namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>CaseWare Cloud refused a record; the reason without its closing full stop, so messages can go on after it.</summary>
internal sealed class RecordRejectedException(string reason) : Exception(reason.TrimEnd().TrimEnd('.'));
