using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ConnectorHost.Office;

/// <summary>
/// The office's files: the export the portal set-up imports, the package's relations for Certipost, AuditCase's export
/// for CaseWare Cloud (rewritten for each delta), the folders the documents are dropped in, and the host's configuration.
/// </summary>
public sealed class OfficeWorld
{
    /// <summary>The user the sandboxes accept.</summary>
    public const string User = "office";

    /// <summary>The password or secret the sandboxes accept.</summary>
    public const string Secret = "office-secret";

    /// <summary>The office at the accounting platform.</summary>
    public const string PlatformOffice = "office-bench";

    /// <summary>The CaseWare Cloud firm.</summary>
    public const string Firm = "office-firm";

    /// <summary>The accounting queue's workers.</summary>
    public const int Workers = 8;

    /// <summary>Every pipeline's <c>maxInFlight</c>: calls to its service at once.</summary>
    public const int MaxInFlight = 8;

    private readonly OfficeScenario _scenario;

    /// <summary>Creates the office's folder and its fixed files.</summary>
    public OfficeWorld(OfficeScenario scenario, string root)
    {
        _scenario = scenario;
        Root = root;
        Directory.CreateDirectory(root);
        foreach (var folder in new[] { PdfInbox, XbrlInbox, Approved, Rejected, NotFound, Error })
        {
            Directory.CreateDirectory(folder);
        }

        var templates = Path.Combine(Root, "templates");
        Directory.CreateDirectory(templates);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot, "config", "templates")))
        {
            File.Copy(file, Path.Combine(templates, Path.GetFileName(file)), overwrite: true);
        }

        WriteClients();
        WriteRelations();
    }

    /// <summary>The repository (for the plugins folder, the templates and testdata/).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The office's folder.</summary>
    public string Root { get; }

    /// <summary>The host's configuration file.</summary>
    public string Config => Path.Combine(Root, "connectorhost.yaml");

    /// <summary>The PIN letters the set-up import prints, one per client user (in the data folder's folder of the pipeline).</summary>
    public string PinLetters => Path.Combine(Root, "data", "pipelines", "clientonline-import", "letters");

    /// <summary>"Naar portaal": the PDFs.</summary>
    public string PdfInbox => Path.Combine(Root, "clientonline", "Naar portaal");

    /// <summary>"Naar portaal XBRL": the filings.</summary>
    public string XbrlInbox => Path.Combine(Root, "clientonline", "Naar portaal XBRL");

    /// <summary>Goedgekeurd.</summary>
    public string Approved => Path.Combine(Root, "clientonline", "Goedgekeurd");

    /// <summary>Afgekeurd.</summary>
    public string Rejected => Path.Combine(Root, "clientonline", "Afgekeurd");

    /// <summary>Niet gevonden.</summary>
    public string NotFound => Path.Combine(Root, "clientonline", "Niet gevonden");

    /// <summary>Fout.</summary>
    public string Error => Path.Combine(Root, "clientonline", "Fout");

    /// <summary>The KvK numbers of the portal set-up's export.</summary>
    public IReadOnlyList<string> ExportedKvks => [.. Enumerable.Range(0, _scenario.Clients).Select(OfficeScenario.KvkOf)];

    /// <summary>The relation numbers of the package's export.</summary>
    public IReadOnlyList<string> Relations => [.. Enumerable.Range(0, _scenario.Relations).Select(RelationNumber)];

    /// <summary>AuditCase's export as last written.</summary>
    public IReadOnlyList<CaseWareClient> Export { get; private set; } = [];

    /// <summary>The documents dropped so far.</summary>
    public List<DroppedDocument> Dropped { get; } = [];

    /// <summary>The files in each folder by role (<c>in</c> is both source folders), without reason files.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Folders() => new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["in"] = [.. FilesIn(PdfInbox), .. FilesIn(XbrlInbox)],
        ["approved"] = FilesIn(Approved),
        ["rejected"] = FilesIn(Rejected),
        ["notFound"] = FilesIn(NotFound),
        ["error"] = FilesIn(Error),
    };

    /// <summary>Writes AuditCase's export: delta 0 is the initial one; delta k changes another 1% of the clients.</summary>
    public void WriteExport(int delta)
    {
        var clients = new List<CaseWareClient>(_scenario.CaseWareClients);
        var rows = new List<object>(_scenario.CaseWareClients);
        for (var i = 0; i < _scenario.CaseWareClients; i++)
        {
            // Delta k changes the clients i with i % 100 == k (1%), and keeps the earlier deltas' changes.
            var changedIn = Enumerable.Range(1, delta).LastOrDefault(k => i % 100 == k);
            var phone = changedIn > 0 ? $"010-{changedIn}{i % 1_000_000:D6}" : "030-1234567";
            var number = (100_000 + i).ToString(CultureInfo.InvariantCulture);
            var contacts = Enumerable.Range(0, _scenario.ContactsEach).ToDictionary(
                j => $"contact{j}@client{i}.nl",
                j => changedIn > 0 && j == 0 ? $"06-{changedIn}{i % 10_000_000:D7}" : "06-12345678",
                StringComparer.OrdinalIgnoreCase);
            clients.Add(new CaseWareClient(number, $"Client {i} BV", phone, contacts));
            rows.Add(new
            {
                clientNumber = number,
                name = $"Client {i} BV",
                kind = "Business",
                status = "Active",
                address = $"Dorpsstraat {i}",
                postalCode = "1234 AB",
                city = "Utrecht",
                country = "NL",
                phone,
                email = $"info@client{i}.nl",
                website = $"https://client{i}.nl",
                linkWithCaseWareCloud = true,
                contacts = contacts.Select((c, j) => new
                {
                    id = $"{i}-{j}",
                    firstName = $"Contact{j}",
                    lastName = $"Client{i}",
                    initials = "C.",
                    email = c.Key,
                    mobile = c.Value,
                    linkWithCaseWareCloud = true,
                }).ToList(),
            });
        }

        var file = Path.Combine(Root, "auditcase.json");
        var temporary = file + ".tmp";
        using (var stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, new { clients = rows });
        }

        File.Move(temporary, file, overwrite: true); // the sync never reads a half-written export
        Export = clients;
    }

    /// <summary>Drops document <paramref name="n"/>: every tenth an XBRL filing of testdata/, one in fifty a PDF of an unknown client, else a PDF of <paramref name="kvk"/>.</summary>
    public DroppedDocument Drop(int n, string kvk)
    {
        DroppedDocument document;
        string folder;
        byte[] content;
        if (n % 10 == 0)
        {
            var filings = Directory.GetFiles(Path.Combine(RepoRoot, "testdata", "xbrl"), "*.xbrl").Order(StringComparer.Ordinal).ToArray();
            var source = filings[n / 10 % filings.Length];
            document = new DroppedDocument($"x{n:D6}_{Path.GetFileName(source)}", Xbrl: true, KnownClient: true);
            folder = XbrlInbox;
            content = File.ReadAllBytes(source);
        }
        else
        {
            var unknown = n % 50 == 1;
            var client = unknown ? OfficeScenario.UnknownKvk(n) : kvk;
            document = new DroppedDocument($"{client}_jaarrekening-{n:D6}.pdf", Xbrl: false, KnownClient: !unknown);
            folder = PdfInbox;
            var text = new StringBuilder("%PDF-1.4\n").Append(CultureInfo.InvariantCulture, $"% jaarrekening {n} of client {client}\n");
            for (var line = 0; line < 40; line++)
            {
                text.Append(CultureInfo.InvariantCulture, $"% line {line} of document {n}: the annual accounts, page {line / 10 + 1}\n");
            }

            content = Encoding.ASCII.GetBytes(text.Append("%%EOF\n").ToString());
        }

        // Written under a hidden name and renamed: the folder source never sees a half-written file.
        var hidden = Path.Combine(folder, "." + document.FileName);
        File.WriteAllBytes(hidden, content);
        File.Move(hidden, Path.Combine(folder, document.FileName));
        Dropped.Add(document);
        return document;
    }

    /// <summary>
    /// The <c>host:</c> section of a bench's configuration: the data folder beside it, the built plugins, SQLite, mail
    /// to a pickup folder, Warnings only, the dashboard on <paramref name="dashboardPort"/>; plus <paramref name="more"/>
    /// settings of the host.
    /// </summary>
    public static string HostSection(int dashboardPort, params string[] more) => $"""
        host:
          dataFolder: data
          plugins: {Path.Combine(RepoRoot, "artifacts", "plugins")}
        {string.Concat(more.Select(m => "  " + m + "\n"))}  state:
            provider: Sqlite
            path: state.db
          mail:
            delivery: Pickup
            defaultTo: [office@example.nl]
          logging:
            level: Warning
          dashboard:
            enabled: true
            address: http://127.0.0.1:{dashboardPort}
        """;

    /// <summary>Writes the host's configuration, with the sandboxes' addresses and this life's dashboard port.</summary>
    public void WriteConfig(SandboxAddresses at, int dashboardPort) => File.WriteAllText(Config, $"""
        # An office's year (tests/ConnectorHost.Office): written by the bench for each life of the host.
        {HostSection(dashboardPort, "shutdownTimeout: 10s", "leaseTime: 5s")}
        pipelines:
          - name: clientonline-import
            maxInFlight: {MaxInFlight}
            description: The office's clients into the portal, a user and a PIN each.
            every: 10s
            task:
              type: clientonline.import
              settings:
                endpoint: {at.Portal}soap/2010/beheer
                userName: {User}
                password: {Secret}
                file: clients.csv
                group: Cliënten met alle rechten
                token: Pin
                login: Password
                documentTypes: [jaarrekening]
                letterTemplate: templates/pin-letter.scriban
          - name: clientonline
            maxInFlight: {MaxInFlight}
            description: PDFs and XBRL filings to ClientOnline.
            every: 3s
            maxAttempts: 100
            firstRetryDelay: 1s
            maxRetryDelay: 10s
            source:
              type: clientonline.folder
              settings:
                stableFor: 0s
                folders:
                  - source: {PdfInbox}
                    pattern: "*.pdf"
                    kind: Pdf
                    matchBy: KvK
                    documentType: jaarrekening
                    approved: {Approved}
                    rejected: {Rejected}
                    notFound: {NotFound}
                    error: {Error}
                  - source: {XbrlInbox}
                    pattern: "*.xbrl"
                    kind: Xbrl
                    approved: {Approved}
                    rejected: {Rejected}
                    notFound: {NotFound}
                    error: {Error}
            target:
              type: clientonline.accordering
              settings:
                endpoint: {at.Portal}soap/2010/accordering
                userName: {User}
                password: {Secret}
                timeout: 30s
          - name: accounting-tasks
            maxInFlight: {MaxInFlight}
            description: The platform's dossier tasks.
            every: 3s
            task:
              type: accountingtasks.queue
              settings:
                platformUrl: {at.Platform}
                office: {PlatformOffice}
                apiKey: {Secret}
                workers: {Workers}
                firstRetryDelay: 1s
                maxRetryDelay: 5s
                maxTransientRetries: 100
                requestTimeout: 20s
                leaseDuration: 30s
                firstReminderDate: 2024-01-01
          - name: casewarecloud
            maxInFlight: {MaxInFlight}
            description: AuditCase's clients and contacts to CaseWare Cloud.
            every: 5s
            task:
              type: casewarecloud.sync
              settings:
                source:
                  kind: Json
                  path: auditcase.json
                caseWareCloud:
                  baseUrl: {at.CaseWare}{Firm}/
                  clientId: {User}
                  clientSecret: {Secret}
          - name: certipost
            maxInFlight: {MaxInFlight}
            description: Relations enrolled for e-invoicing.
            every: 5s
            task:
              type: certipost.enrol
              settings:
                autoSend: true
                source:
                  kind: Csv
                  path: relaties.csv
                certipost:
                  baseUrl: {at.Certipost}
                  apiKey: {Secret}
          - name: certipost-daily
            maxInFlight: {MaxInFlight}
            description: Certipost's daily list.
            every: 5s
            task:
              type: certipost.daily
              settings:
                certipost:
                  baseUrl: {at.Certipost}
                  apiKey: {Secret}
        """);

    private static string RelationNumber(int i) => (100_000 + i).ToString(CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()
                .Where(f => !f.StartsWith('.') && !f.EndsWith(".reason.txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
            : [];

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ConnectorHost.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No ConnectorHost.sln above {AppContext.BaseDirectory}: run the office from the repository's build.");
    }

    private void WriteClients()
    {
        var text = new StringBuilder("Naam,KvK-nummer,Hidden id,Adres,Postcode,Plaats,E-mail,Vestiging,Cliëntgroep,Accorderingstoken,Gebruikersnaam,Contactpersoon,E-mail contactpersoon,Mobiel\n");
        for (var i = 0; i < _scenario.Clients; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Cliënt {i} BV,{OfficeScenario.KvkOf(i)},,Dorpsstraat {i},1234 AB,Utrecht,info@client{i}.nl,,,Pin,client{i},Contact {i},contact{i}@client{i}.nl,\n");
        }

        File.WriteAllText(Path.Combine(Root, "clients.csv"), text.ToString(), new UTF8Encoding(false));
    }

    private void WriteRelations()
    {
        var text = new StringBuilder("Nummer;Naam;BtwNummer;Email;Taal;Straat;Postcode;Gemeente;Land;StatusEFactuur\n");
        for (var i = 0; i < _scenario.Relations; i++)
        {
            var first = 4_000_000 + i; // 0 + seven digits: a Belgian enterprise number's first eight
            var check = 97 - (first % 97);
            var vat = string.Create(CultureInfo.InvariantCulture, $"BE0{first:D7}{check:D2}");
            text.Append(CultureInfo.InvariantCulture, $"{RelationNumber(i)};Relatie {i} BV;{vat};boekhouding@relatie{i}.example.be;nl;Kerkstraat {i};9000;Gent;BE;Toegelaten\n");
        }

        File.WriteAllText(Path.Combine(Root, "relaties.csv"), text.ToString(), new UTF8Encoding(false));
    }
}

/// <summary>Where the four sandboxes listen.</summary>
/// <param name="Portal">The ClientOnline portal.</param>
/// <param name="CaseWare">CaseWare Cloud (the firm's path follows).</param>
/// <param name="Platform">The accounting platform.</param>
/// <param name="Certipost">Certipost.</param>
public sealed record SandboxAddresses(Uri Portal, Uri CaseWare, Uri Platform, Uri Certipost);
