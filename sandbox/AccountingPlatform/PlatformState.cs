using System.Globalization;
using System.Text.Json;

namespace ConnectorHost.Sandbox.AccountingPlatform;

/// <summary>
/// The platform's queues of tasks per office and the simulated accounting package behind it. Thread-safe; tests in
/// the same process use it directly, others through the control API.
/// </summary>
public sealed class PlatformState
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, string> _apiKeys;
    private readonly Dictionary<string, OfficeTasks> _offices = new(StringComparer.Ordinal);
    private readonly List<FailureRule> _rules = [];
    private readonly List<PackageRun> _runs = [];
    private readonly Dictionary<string, int> _runningPerDossier = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Hold> _holds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _succeeded = new(StringComparer.Ordinal);
    private HashSet<string> _dossierCodes = new(StringComparer.Ordinal);
    private long _nextId;

    /// <summary>Creates the state.</summary>
    /// <param name="apiKeys">The API key of each office.</param>
    /// <param name="clock">The clock of delivery and run moments.</param>
    public PlatformState(IReadOnlyDictionary<string, string> apiKeys, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(apiKeys);
        this._apiKeys = new Dictionary<string, string>(apiKeys, StringComparer.Ordinal);
        this._clock = clock ?? throw new ArgumentNullException(nameof(clock));
        foreach (var office in apiKeys.Keys)
        {
            _offices[office] = new OfficeTasks();
        }
    }

    /// <summary>When <c>true</c>, the connector's fetch of pending tasks answers 503 (the platform is down).</summary>
    public bool FetchUnavailable { get; set; }

    /// <summary>
    /// When <c>true</c>, the accounting package refuses every key with 401 while the platform still accepts it (a fault
    /// rule: the office's key was revoked at the package only).
    /// </summary>
    public bool PackageRefusesKeys { get; set; }

    /// <summary>How often the package saw two runs of one dossier at the same moment (AT-4: must stay 0).</summary>
    public int OverlappingRunsPerDossier { get; private set; }

    /// <summary>Whether a key is the API key of an office.</summary>
    /// <param name="office">The office.</param>
    /// <param name="apiKey">The key from the <c>X-Api-Key</c> header.</param>
    /// <returns><c>true</c> when it matches.</returns>
    public bool IsKeyOf(string office, string? apiKey) =>
        apiKey is not null && _apiKeys.TryGetValue(office, out var key) &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes(apiKey));

    /// <summary>Whether a key is the API key of any office (the package accepts every office's connector).</summary>
    /// <param name="apiKey">The key.</param>
    /// <returns><c>true</c> when it matches one.</returns>
    public bool IsKnownKey(string? apiKey) => _apiKeys.Keys.Any(office => IsKeyOf(office, apiKey));

    /// <summary>Queues a task for an office (AT-1).</summary>
    /// <param name="office">The office.</param>
    /// <param name="input">The task.</param>
    /// <returns>The queued task.</returns>
    public PlatformTask Enqueue(string office, TaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Kind) || !TaskKinds.All.Contains(input.Kind))
        {
            throw new ArgumentException($"Kind '{input.Kind}' is not one of {string.Join(", ", TaskKinds.All)}.");
        }

        if (string.IsNullOrWhiteSpace(input.Dossier))
        {
            throw new ArgumentException("A task needs a dossier.");
        }

        var payload = input.Payload ?? "{}";
        using (JsonDocument.Parse(payload))
        {
            // Only checks that the payload is JSON.
        }

        lock (_gate)
        {
            var tasks = Office(office);
            var id = input.Id ?? "T" + (++_nextId).ToString("D6", CultureInfo.InvariantCulture);
            if (tasks.Find(id) is not null)
            {
                throw new ArgumentException($"Office {office} already has a task {id}.");
            }

            var task = new PlatformTask(id, input.Kind, input.Dossier, payload, input.DeliveredAt ?? _clock.GetUtcNow());
            tasks.Add(new Entry(task));
            return task;
        }
    }

    /// <summary>The tasks of an office without a reported result, in order of delivery.</summary>
    /// <param name="office">The office.</param>
    /// <returns>The pending tasks.</returns>
    public IReadOnlyList<PlatformTask> Pending(string office)
    {
        lock (_gate)
        {
            return [.. Office(office).Pending.Select(e => e.Task).OrderBy(t => t.DeliveredAt).ThenBy(t => t.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Every task of an office with its result, in order of delivery.</summary>
    /// <param name="office">The office.</param>
    /// <returns>The tasks.</returns>
    public IReadOnlyList<PlatformTaskStatus> Tasks(string office)
    {
        lock (_gate)
        {
            return [.. Office(office).All.OrderBy(e => e.Task.DeliveredAt).ThenBy(e => e.Task.Id, StringComparer.Ordinal)
                .Select(e => new PlatformTaskStatus(e.Task, e.Result, e.Reports))];
        }
    }

    /// <summary>Records the result the connector reports; a later report replaces an earlier one.</summary>
    /// <param name="office">The office.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="result">The result.</param>
    /// <returns><c>false</c> when the office has no such task.</returns>
    public bool Report(string office, string taskId, TaskResultInput result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status is not ("done" or "failed" or "cancelled"))
        {
            throw new ArgumentException($"Status '{result.Status}' is not done, failed or cancelled.");
        }

        lock (_gate)
        {
            var tasks = Office(office);
            var entry = tasks.Find(taskId);
            if (entry is null)
            {
                return false;
            }

            tasks.Reported(entry, result);
            return true;
        }
    }

    /// <summary>Adds a failure rule of the package.</summary>
    /// <param name="rule">The rule.</param>
    public void AddFailure(FailureRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!FailureCauses.All.Contains(rule.Cause))
        {
            throw new ArgumentException($"Cause '{rule.Cause}' is not one of {string.Join(", ", FailureCauses.All)}.");
        }

        lock (_gate)
        {
            _rules.Add(rule);
        }
    }

    /// <summary>Removes every failure rule.</summary>
    public void ClearFailures()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>
    /// The dossier codes the package knows; an activation with another code fails with
    /// <see cref="FailureCauses.WrongDossierCode"/>. Empty (the default): every code is accepted.
    /// </summary>
    /// <param name="codes">The codes.</param>
    public void SetDossierCodes(IEnumerable<string> codes)
    {
        lock (_gate)
        {
            _dossierCodes = new HashSet<string>(codes, StringComparer.Ordinal);
        }
    }

    /// <summary>Every run the package did, in order.</summary>
    public IReadOnlyList<PackageRun> Runs
    {
        get
        {
            lock (_gate)
            {
                return [.. _runs];
            }
        }
    }

    /// <summary>Makes the next run of a task wait until <see cref="Release"/> (to keep a task running).</summary>
    /// <param name="taskId">The task.</param>
    public void HoldRun(string taskId)
    {
        lock (_gate)
        {
            _holds[taskId] = new Hold();
        }
    }

    /// <summary>Waits until a held task's run has started.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the run is waiting at the hold.</returns>
    public Task WaitUntilHeldAsync(string taskId, CancellationToken cancellationToken)
    {
        Hold hold;
        lock (_gate)
        {
            hold = _holds[taskId];
        }

        return hold.Started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Lets a held run go on.</summary>
    /// <param name="taskId">The task.</param>
    public void Release(string taskId)
    {
        lock (_gate)
        {
            if (_holds.Remove(taskId, out var hold))
            {
                hold.Released.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Runs a task in the simulated package (what the connector does with each task). The task id is the idempotency
    /// key: a task that succeeded before succeeds again without being done twice.
    /// </summary>
    /// <param name="dossier">The dossier.</param>
    /// <param name="input">The task.</param>
    /// <param name="cancellationToken">Stops a held run.</param>
    /// <param name="answerLost">The connector will not get the answer (an injected fault after the run).</param>
    /// <returns><c>null</c> when it succeeded, or the error.</returns>
    public async Task<PackageError?> RunAsync(string dossier, PackageRunInput input, CancellationToken cancellationToken, bool answerLost = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var taskId = input.TaskId ?? string.Empty;
        var kind = input.Kind ?? string.Empty;
        var payload = input.Payload ?? "{}";
        Hold? hold;
        lock (_gate)
        {
            _runningPerDossier[dossier] = _runningPerDossier.GetValueOrDefault(dossier) + 1;
            if (_runningPerDossier[dossier] > 1)
            {
                OverlappingRunsPerDossier++;
            }

            _holds.TryGetValue(taskId, out hold);
        }

        try
        {
            if (hold is not null)
            {
                hold.Started.TrySetResult();
                await hold.Released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            lock (_gate)
            {
                if (_succeeded.Contains(taskId))
                {
                    _runs.Add(new PackageRun(taskId, kind, dossier, payload, _clock.GetUtcNow(), null, Repeat: true, AnswerLost: answerLost));
                    return null;
                }

                var details = Details(payload);
                var cause = Decide(dossier, taskId, kind, details);
                _runs.Add(new PackageRun(taskId, kind, dossier, payload, _clock.GetUtcNow(), cause, AnswerLost: answerLost));
                if (cause is null)
                {
                    _succeeded.Add(taskId);
                }

                return cause is null ? null : new PackageError(cause, Message(cause, details), details);
            }
        }
        finally
        {
            lock (_gate)
            {
                _runningPerDossier[dossier]--;
            }
        }
    }

    private string? Decide(string dossier, string taskId, string kind, Dictionary<string, string> details)
    {
        for (var i = 0; i < _rules.Count; i++)
        {
            var rule = _rules[i];
            var matches = (rule.TaskId is null || rule.TaskId == taskId) && (rule.Dossier is null || rule.Dossier == dossier);
            if (!matches || rule.Times is <= 0)
            {
                continue;
            }

            if (rule.Times is { } times)
            {
                _rules[i] = rule with { Times = times - 1 };
            }

            return rule.Cause;
        }

        if (kind == TaskKinds.ActivateDossier && _dossierCodes.Count > 0 &&
            !_dossierCodes.Contains(details.GetValueOrDefault("dossierCode", string.Empty)))
        {
            return FailureCauses.WrongDossierCode;
        }

        return null;
    }

    /// <summary>The payload's top-level values as text, plus <c>year</c> from a <c>bookingDate</c>.</summary>
    private static Dictionary<string, string> Details(string payload)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                    {
                        details[property.Name] = property.Value.ToString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A payload that is not JSON has no details.
        }

        if (details.TryGetValue("bookingDate", out var date) &&
            DateOnly.TryParse(date, CultureInfo.InvariantCulture, out var bookingDate))
        {
            details["year"] = bookingDate.Year.ToString(CultureInfo.InvariantCulture);
        }

        return details;
    }

    private static string Message(string cause, Dictionary<string, string> details) => cause switch
    {
        FailureCauses.PackageUnavailable => "The accounting package's API is not available at the moment.",
        FailureCauses.WrongPeriod => $"Book year {details.GetValueOrDefault("year", "?")} is closed.",
        FailureCauses.WrongJournal => $"Journal {details.GetValueOrDefault("journal", "?")} does not exist.",
        FailureCauses.DatabaseError => "The database reported an error (SQL state 08S01).",
        FailureCauses.DuplicateBooking => $"Booking {details.GetValueOrDefault("reference", "?")} already exists.",
        FailureCauses.WrongVatCode => $"VAT code {details.GetValueOrDefault("vatCode", "?")} does not exist.",
        FailureCauses.WrongDossierCode => $"Dossier code {details.GetValueOrDefault("dossierCode", "?")} does not exist.",
        _ => cause,
    };

    /// <summary>How many tasks an office has, how many without a result and how many done, without listing them.</summary>
    /// <param name="office">The office.</param>
    /// <returns>The counts.</returns>
    public TaskCounts Counts(string office)
    {
        lock (_gate)
        {
            var tasks = Office(office);
            return new TaskCounts(tasks.All.Count, tasks.Pending.Count, tasks.Done);
        }
    }

    private OfficeTasks Office(string office) =>
        _offices.TryGetValue(office, out var tasks) ? tasks : throw new KeyNotFoundException($"There is no office {office}.");

    private sealed class Entry(PlatformTask task)
    {
        public PlatformTask Task { get; } = task;

        public TaskResultInput? Result { get; set; }

        public int Reports { get; set; }
    }

    /// <summary>
    /// One office's tasks: in order of arrival, by id, and those without a result, so that a delivery, a fetch and a
    /// report do not go through every task the office ever had (an office's year is 200,000 of them).
    /// </summary>
    private sealed class OfficeTasks
    {
        private readonly List<Entry> _all = [];
        private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
        private readonly HashSet<Entry> _pending = [];

        public IReadOnlyList<Entry> All => _all;

        public IReadOnlyCollection<Entry> Pending => _pending;

        /// <summary>Tasks whose last result is <c>done</c>.</summary>
        public int Done { get; private set; }

        public Entry? Find(string id) => _byId.GetValueOrDefault(id);

        public void Add(Entry entry)
        {
            _all.Add(entry);
            _byId.Add(entry.Task.Id, entry);
            _pending.Add(entry);
        }

        /// <summary>A result reported: a later report replaces an earlier one.</summary>
        public void Reported(Entry entry, TaskResultInput result)
        {
            Done += (result.Status == "done" ? 1 : 0) - (entry.Result?.Status == "done" ? 1 : 0);
            entry.Result = result;
            entry.Reports++;
            _pending.Remove(entry);
        }
    }

    private sealed class Hold
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
