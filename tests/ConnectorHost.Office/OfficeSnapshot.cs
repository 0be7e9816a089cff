namespace ConnectorHost.Office;

/// <summary>A document the bench dropped: its file name, whether it is XBRL, and whether its client is in the portal.</summary>
/// <param name="FileName">The file's name.</param>
/// <param name="Xbrl">Dropped in the XBRL folder.</param>
/// <param name="KnownClient">Its client is in the portal (otherwise it belongs in Niet gevonden).</param>
public sealed record DroppedDocument(string FileName, bool Xbrl, bool KnownClient);

/// <summary>A submission as the portal holds it.</summary>
/// <param name="Reference">The portal's reference.</param>
/// <param name="FileName">The file's name.</param>
/// <param name="Status">Pending, Approved, Rejected, Withdrawn.</param>
public sealed record SubmissionView(string Reference, string FileName, string Status);

/// <summary>A dossier task as the platform holds it, in order of delivery.</summary>
/// <param name="Id">The platform's task id.</param>
/// <param name="Dossier">The dossier.</param>
/// <param name="Result">The last result the host reported (<c>done</c>, <c>failed</c>, ...), or <c>null</c>.</param>
public sealed record TaskView(string Id, string Dossier, string? Result);

/// <summary>One run of a task in the package, in the order the package did them.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Dossier">Its dossier.</param>
/// <param name="Cause">The failure, or <c>null</c> when it succeeded.</param>
/// <param name="Repeat">A repeat of a task that had succeeded, answered by idempotency.</param>
/// <param name="AnswerLost">The fault injection kept the run's answer from the host: a failure the host never heard of.</param>
public sealed record RunView(string TaskId, string Dossier, string? Cause, bool Repeat, bool AnswerLost = false);

/// <summary>An accountant instruction the host made (read through its command line).</summary>
/// <param name="Id">Its id.</param>
/// <param name="Dossier">Its dossier.</param>
/// <param name="Open">Still open.</param>
public sealed record InstructionView(long Id, string Dossier, bool Open);

/// <summary>A client of AuditCase's export as CaseWare Cloud should hold it.</summary>
/// <param name="Number">The client number (CaseWare's entity number).</param>
/// <param name="Name">The name.</param>
/// <param name="Phone">The phone.</param>
/// <param name="Contacts">The contact persons: e-mail → mobile.</param>
public sealed record CaseWareClient(string Number, string Name, string Phone, IReadOnlyDictionary<string, string> Contacts);

/// <summary>An entity of CaseWare Cloud.</summary>
/// <param name="Id">CaseWare's id.</param>
/// <param name="Number">The entity number.</param>
/// <param name="Name">The name.</param>
/// <param name="Phone">The phone.</param>
public sealed record EntityView(string Id, string Number, string Name, string? Phone);

/// <summary>A contact person of CaseWare Cloud.</summary>
/// <param name="EntityId">The entity's id.</param>
/// <param name="Email">The e-mail.</param>
/// <param name="Mobile">The mobile.</param>
public sealed record ContactView(string EntityId, string Email, string? Mobile);

/// <summary>
/// Everything the checker looks at, read from outside the host: what the bench put in (the manifest), the sandboxes'
/// control APIs, the ClientOnline folders and the host's command line. Plain data, so a test can plant a fault in it.
/// </summary>
public sealed record OfficeSnapshot
{
    /// <summary>The documents the bench dropped.</summary>
    public required IReadOnlyList<DroppedDocument> Dropped { get; init; }

    /// <summary>The portal's submissions.</summary>
    public required IReadOnlyList<SubmissionView> Submissions { get; init; }

    /// <summary>The files in each ClientOnline folder by role: <c>in</c>, <c>approved</c>, <c>rejected</c>, <c>notFound</c>, <c>error</c>.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Folders { get; init; }

    /// <summary>The KvK numbers of the export the portal set-up imports.</summary>
    public required IReadOnlyList<string> ExportedKvks { get; init; }

    /// <summary>The portal's clients' KvK numbers (one entry per client card).</summary>
    public required IReadOnlyList<string> PortalKvks { get; init; }

    /// <summary>Per KvK number of the portal: how many users with a PIN its client has.</summary>
    public required IReadOnlyDictionary<string, int> PinUsersByKvk { get; init; }

    /// <summary>The platform's tasks in order of delivery.</summary>
    public required IReadOnlyList<TaskView> Tasks { get; init; }

    /// <summary>The package's runs in order.</summary>
    public required IReadOnlyList<RunView> Runs { get; init; }

    /// <summary>The host's instructions of the accounting queue.</summary>
    public required IReadOnlyList<InstructionView> Instructions { get; init; }

    /// <summary>AuditCase's export as last written.</summary>
    public required IReadOnlyList<CaseWareClient> Export { get; init; }

    /// <summary>CaseWare Cloud's entities.</summary>
    public required IReadOnlyList<EntityView> Entities { get; init; }

    /// <summary>CaseWare Cloud's contacts.</summary>
    public required IReadOnlyList<ContactView> Contacts { get; init; }

    /// <summary>The relation numbers of the package's export.</summary>
    public required IReadOnlyList<string> Relations { get; init; }

    /// <summary>Each opt-in Certipost took, by customer reference, once per batch it was in.</summary>
    public required IReadOnlyList<string> OptIns { get; init; }

    /// <summary>Certipost's customer accounts, by reference.</summary>
    public required IReadOnlyList<string> Accounts { get; init; }

    /// <summary>The relations the host holds as confirmed (read through its command line); <c>null</c>: not read.</summary>
    public IReadOnlyList<string>? Confirmed { get; init; }

    /// <summary>The SIGKILLs of the run and the queue's workers: a kill may cut off as many failure records as workers.</summary>
    public int Kills { get; init; }

    /// <summary>The accounting queue's workers.</summary>
    public int Workers { get; init; } = 1;
}
