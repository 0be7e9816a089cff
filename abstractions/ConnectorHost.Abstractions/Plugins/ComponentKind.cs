namespace ConnectorHost.Abstractions.Plugins;

/// <summary>What role a component plays in a pipeline.</summary>
public enum ComponentKind
{
    /// <summary>An <see cref="Documents.IDocumentSource"/>: the <c>source:</c> of a document pipeline.</summary>
    DocumentSource,

    /// <summary>An <see cref="Documents.IAccordeerTarget"/>: the <c>target:</c> of a document pipeline.</summary>
    AccordeerTarget,

    /// <summary>
    /// An <see cref="Sync.ISyncTask"/>, or a <see cref="Queues.IQueueTaskHandler"/> the host runs as a queue: the
    /// <c>task:</c> of a sync pipeline.
    /// </summary>
    SyncTask,
}
