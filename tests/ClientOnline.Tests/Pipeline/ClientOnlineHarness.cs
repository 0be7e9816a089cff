using System.Security.Cryptography;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Mail;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins.ClientOnline.Accordering;
using ConnectorHost.Plugins.ClientOnline.Folders;
using ConnectorHost.Sandbox;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using ConnectorHost.State;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// The real pieces end to end: the sandbox portal over real HTTP, the plugin's folder source and SOAP target created
/// by their factories, the host's <see cref="DocumentPipelineRunner"/> on a real SQLite ledger, and the host's mailer
/// writing .eml files from the templates in config/templates. The folders are real, in a temporary directory.
/// </summary>
internal sealed class ClientOnlineHarness : IAsyncDisposable
{
    private readonly List<IDisposable> _disposables = [];

    private ClientOnlineHarness(string root, SandboxPortal portal, SqliteStateStore store, TimeProvider pipelineClock)
    {
        Root = root;
        Portal = portal;
        Store = store;
        PipelineClock = pipelineClock;
        Http = SandboxTestKit.Http(portal);
        Context = new TestComponentContext(store, TimeProvider.System, "clientonline", Path.Combine(root, "data", "pipelines", "clientonline"), configFolder: root);
    }

    public string Root { get; }

    public SandboxPortal Portal { get; }

    public SqliteStateStore Store { get; }

    /// <summary>The runner's and ledger's clock: a <see cref="FakeTimeProvider"/> unless the test needs real time.</summary>
    public TimeProvider PipelineClock { get; }

    public HttpClient Http { get; }

    /// <summary>The host's services for the plugin's components, on the real clock.</summary>
    public TestComponentContext Context { get; }

    public string PdfIn => Combine("Naar portaal");

    public string XbrlIn => Combine("Naar portaal XBRL");

    public string HiddenIdIn => Combine("Naar portaal hidden id");

    public string Approved => Combine("Goedgekeurd");

    public string Rejected => Combine("Afgekeurd");

    public string NotFound => Combine("Niet gevonden");

    public string Error => Combine("Fout");

    public string MailOutbox => Combine("data", "mail", "outbox");

    public static async Task<ClientOnlineHarness> StartAsync(bool realClock = false, Action<SandboxPortalOptions>? portal = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "co-pipeline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        // The office's set-up: the folders exist before the connector runs (it never creates them unless told, FH-2).
        foreach (var folder in new[] { "Naar portaal", "Naar portaal XBRL", "Naar portaal hidden id", "Goedgekeurd", "Afgekeurd", "Niet gevonden", "Fout" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        TimeProvider clock = realClock ? TimeProvider.System : new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new SqliteStateStore(Path.Combine(root, "state.db"), clock);
        await store.MigrateAsync(CancellationToken.None);
        return new ClientOnlineHarness(root, await SandboxTestKit.StartAsync(portal), store, clock);
    }

    public string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The settings of a source with three folders: PDFs by KvK number, PDFs by hidden id, XBRL.</summary>
    public ClientOnlineFolderSettings SourceSettings(TimeSpan? stableFor = null, string documentType = "jaarrekening", DateOnly? dateFrom = null, DateOnly? dateTo = null) => new()
    {
        StableFor = stableFor ?? TimeSpan.Zero,
        Folders =
        [
            Mapping("Naar portaal", "*.pdf", DocumentKind.Pdf, PdfMatchBy.KvK, documentType, dateFrom, dateTo),
            Mapping("Naar portaal hidden id", "*.pdf", DocumentKind.Pdf, PdfMatchBy.HiddenId, "aangifte IB", null, null),
            Mapping("Naar portaal XBRL", "*.xbrl", DocumentKind.Xbrl, PdfMatchBy.KvK, null, null, null),
        ],
    };

    public AccorderingSettings TargetSettings(string password = "demo", TimeSpan? timeout = null, bool notifications = true) => new()
    {
        Endpoint = Portal.ServiceUrl,
        UserName = "demo",
        Password = password,
        Timeout = timeout ?? TimeSpan.FromSeconds(20),
        Notifications = notifications,
    };

    public IDocumentSource CreateSource(ClientOnlineFolderSettings? settings = null, TimeProvider? clock = null) =>
        Track(new ClientOnlineFolderFactory().Create(
            settings ?? SourceSettings(),
            clock is null ? Context : new TestComponentContext(Store, clock, "clientonline", Context.DataFolder, configFolder: Root)));

    public IAccordeerTarget CreateTarget(AccorderingSettings? settings = null) =>
        Track(new AccorderingTargetFactory().Create(settings ?? TargetSettings(), Context));

    public Mailer CreateMailer()
    {
        var settings = new MailSettings { DefaultTo = ["office@example.nl"], PickupFolder = "mail/outbox" };
        return Mailer.Create(settings, Path.Combine(TestPaths.RepoRoot, "config"), Combine("data"), NullLoggerFactory.Instance, PipelineClock);
    }

    /// <summary>A mailer that sends through SMTP to a real server on loopback (the templates of config/templates).</summary>
    public Mailer CreateSmtpMailer(int smtpPort)
    {
        var settings = new MailSettings
        {
            Delivery = MailDelivery.Smtp,
            From = "connectorhost@kantoor.nl",
            DefaultTo = ["office@example.nl"],
            Smtp = new SmtpMailSettings { Host = "127.0.0.1", Port = smtpPort, Security = SmtpSecurity.None, TimeoutSeconds = 30 },
        };
        return Mailer.Create(settings, Path.Combine(TestPaths.RepoRoot, "config"), Combine("data"), NullLoggerFactory.Instance, PipelineClock);
    }

    /// <summary>A runner whose pipeline has every setting at its default, as a YAML pipeline without them gets.</summary>
    public DocumentPipelineRunner RunnerWithDefaults(IMailer mailer) => new(
        new PipelineDefinition("clientonline", new EverySchedule(TimeSpan.FromMinutes(30)), null, null, null),
        CreateSource(),
        CreateTarget(),
        Store.Documents,
        mailer,
        PipelineClock,
        NullLogger<DocumentPipelineRunner>.Instance,
        Store.Audit);

    /// <summary>A runner that asks every pending document's status at every run (pollEvery 0), as a test expects.</summary>
    public DocumentPipelineRunner Runner(IDocumentSource source, IAccordeerTarget target, int maxAttempts = 10, IMailer? mailer = null, ILogger<DocumentPipelineRunner>? logger = null, int maxInFlight = 8) => new(
        new PipelineDefinition("clientonline", new EverySchedule(TimeSpan.FromMinutes(30)), null, null, null)
        {
            MaxAttempts = maxAttempts,
            FirstRetryDelay = TimeSpan.FromSeconds(30),
            MaxRetryDelay = TimeSpan.FromMinutes(30),
            PollEvery = TimeSpan.Zero,
            MaxInFlight = maxInFlight,
        },
        source,
        target,
        Store.Documents,
        mailer ?? CreateMailer(),
        PipelineClock,
        logger ?? NullLogger<DocumentPipelineRunner>.Instance,
        Store.Audit);

    /// <summary>A runner over a fresh source and target with the default settings.</summary>
    public DocumentPipelineRunner Runner(int maxAttempts = 10) => Runner(CreateSource(), CreateTarget(), maxAttempts);

    public string Drop(string folder, string fileName, byte[] content)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string DropPdf(string fileName, string body = "demo", string? folder = null) =>
        Drop(folder ?? PdfIn, fileName, System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n" + body + "\n%%EOF\n"));

    public string DropCorpus(string corpusFile, string? asName = null) =>
        Drop(XbrlIn, asName ?? corpusFile, File.ReadAllBytes(Path.Combine(TestPaths.XbrlCorpus, corpusFile)));

    public Task<IReadOnlyList<PortalSubmission>> SubmissionsAsync() =>
        Http.GetJsonAsync<IReadOnlyList<PortalSubmission>>("/control/submissions");

    public async Task<PortalSubmission> SingleSubmissionAsync() => (await SubmissionsAsync()).ShouldHaveSingleItem();

    public async Task DecideAsync(string reference, string verb, string? reason = null)
    {
        using var response = await Http.SendJsonAsync(HttpMethod.Post, $"/control/submissions/{reference}/{verb}", reason is null ? null : new ReasonInput(reason));
        response.IsSuccessStatusCode.ShouldBeTrue($"{verb} {reference}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task SetFaultsAsync(FaultSettings faults)
    {
        using var response = await Http.SendJsonAsync(HttpMethod.Put, "/control/faults", faults);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    public static string[] FilesIn(string folder) =>
        Directory.Exists(folder) ? [.. Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];

    public static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    public async Task<IReadOnlyList<LedgerEntry>> LedgerAsync() => await Store.Documents.ListAsync(new LedgerQuery("clientonline"), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        Http.Dispose();
        await Portal.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private T Track<T>(T component)
    {
        if (component is IDisposable disposable)
        {
            _disposables.Add(disposable);
        }

        return component;
    }

    private FolderMapping Mapping(string source, string pattern, DocumentKind kind, PdfMatchBy matchBy, string? documentType, DateOnly? from, DateOnly? to) => new()
    {
        Source = source,
        Pattern = pattern,
        Kind = kind,
        MatchBy = matchBy,
        DocumentType = documentType,
        DateFrom = from,
        DateTo = to,
        Approved = "Goedgekeurd",
        Rejected = "Afgekeurd",
        NotFound = "Niet gevonden",
        Error = "Fout",
    };
}
