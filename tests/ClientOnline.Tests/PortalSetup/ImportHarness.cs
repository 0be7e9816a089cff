using System.Collections.Concurrent;
using System.ServiceModel;
using System.Text;
using System.Text.RegularExpressions;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using ConnectorHost.Plugins.ClientOnline.Import;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>
/// The real pieces of the portal set-up: the sandbox portal over real HTTP/SOAP, <c>clientonline.import</c> created by
/// its factory, the host's SQLite state store, and files in a temporary folder. Every log line is captured, so a test
/// can prove a PIN never reaches one.
/// </summary>
internal sealed partial class ImportHarness : IAsyncDisposable
{
    private readonly List<IDisposable> _tasks = [];

    private ImportHarness(string root, SandboxPortal portal, SqliteStateStore store)
    {
        Root = root;
        Portal = portal;
        Store = store;
        Http = SandboxTestKit.Http(portal);
        Beheer = new BeheerWcf(portal.BeheerServiceUrl);
    }

    public string Root { get; }

    public SandboxPortal Portal { get; }

    public SqliteStateStore Store { get; }

    public HttpClient Http { get; }

    /// <summary>A WCF client of the portal's Beheer service, to check what the import did over real SOAP.</summary>
    public BeheerWcf Beheer { get; }

    public FakeLogCollector Logs { get; } = new();

    /// <summary>Every line the import logged, with its exception.</summary>
    public IReadOnlyList<string> LogLines => [.. Logs.GetSnapshot().Select(r => r.Message + (r.Exception is null ? "" : " " + r.Exception))];

    public string Letters => Path.Combine(Root, "letters");

    public static async Task<ImportHarness> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "co-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var store = new SqliteStateStore(Path.Combine(root, "state.db"), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return new ImportHarness(root, await SandboxTestKit.StartAsync(), store);
    }

    public ClientImportSettings Settings(string file = "clients.csv", Action<ClientImportSettings>? configure = null)
    {
        var settings = new ClientImportSettings
        {
            Endpoint = Portal.BeheerServiceUrl,
            UserName = "demo",
            Password = "demo",
            Timeout = TimeSpan.FromSeconds(30),
            File = file,
            LettersFolder = Letters,
            LetterTemplate = Path.Combine(TestPaths.RepoRoot, "config", "templates", "pin-letter.scriban"),
        };
        configure?.Invoke(settings);
        return settings;
    }

    /// <summary>The component as the host creates it: through its factory, with a context over the real store.</summary>
    public ClientImportTask Create(ClientImportSettings settings) => Create(settings, Store);

    /// <summary>The component over another view of the store (one that stops at a write, to play a crash).</summary>
    public ClientImportTask Create(ClientImportSettings settings, IStateStore state)
    {
        var task = (ClientImportTask)new ClientImportFactory().Create(settings, new TestComponentContext(state, TimeProvider.System, "clientonline-import", Path.Combine(Root, "data"), logs: Logs, configFolder: Root));
        _tasks.Add(task);
        return task;
    }

    public string Write(string name, string text, bool bom = false)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    public static Task<AdminCommandResult> RunAsync(IAdminCommands task, string command, params (string Name, string Value)[] args) =>
        task.RunAsync(new AdminCommandRequest(command, args.ToDictionary(a => a.Name, a => a.Value), "test"), CancellationToken.None);

    /// <summary>The rows of a result's first table as (line, status, reason), keyed by line.</summary>
    public static Dictionary<int, (string Status, string Reason, RowMark Mark)> Lines(AdminCommandResult result) =>
        result.Tables[0].Rows.ToDictionary(r => int.Parse(r.Cells[0], System.Globalization.CultureInfo.InvariantCulture), r => (r.Cells[6], r.Cells[7], r.Mark));

    public async Task<ClientInfo> ClientByKvkAsync(string kvk) =>
        (await Beheer.Service.FindClientsAsync("demo", "demo", [kvk], [])).ShouldHaveSingleItem();

    public static string PinIn(string letterPath) => PinPattern().Match(File.ReadAllText(letterPath)).Groups[1].Value;

    public async Task<PortalSubmission> SubmitAsync(string kvk, string key, string documentType = "jaarrekening")
    {
        using var wcf = SandboxTestKit.Wcf(Portal);
        var response = await wcf.Service.SubmitDocumentAsync(SandboxTestKit.Request(key, clientNumber: kvk, documentType: documentType, fileName: kvk + "_" + documentType + ".pdf"));
        response.Status.ShouldBe(Contracts.SubmissionStatus.Pending);
        return Portal.State.FindByReference(response.Reference)!;
    }

    public async Task<HttpResponseMessage> ApproveAsUserAsync(string reference, string login, string code) =>
        await Http.SendJsonAsync(HttpMethod.Post, $"/control/submissions/{reference}/approve-as-user", new UserApprovalInput(login, code));

    public async ValueTask DisposeAsync()
    {
        foreach (var task in _tasks)
        {
            task.Dispose();
        }

        Beheer.Dispose();
        Http.Dispose();
        await Portal.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex("class=\"pin\">([0-9]+)<")]
    private static partial Regex PinPattern();
}

/// <summary>A channel of the Beheer service, closed on dispose.</summary>
internal sealed class BeheerWcf : IDisposable
{
    private readonly ChannelFactory<IBeheerService> _factory;

    public BeheerWcf(Uri serviceUrl)
    {
        var binding = new BasicHttpBinding(BasicHttpSecurityMode.None) { MaxReceivedMessageSize = 64L << 20, MaxBufferSize = 64 << 20 };
        binding.ReaderQuotas.MaxArrayLength = int.MaxValue;
        _factory = new ChannelFactory<IBeheerService>(binding, new EndpointAddress(serviceUrl));
        Service = _factory.CreateChannel();
    }

    public IBeheerService Service { get; }

    public void Dispose()
    {
        ((ICommunicationObject)Service).Abort();
        _factory.Abort();
    }
}
