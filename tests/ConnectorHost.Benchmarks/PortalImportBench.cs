using System.Diagnostics;
using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Plugins.ClientOnline.Import;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using ConnectorHost.State.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectorHost.Benchmarks;

/// <summary>
/// The portal set-up's import over a generated export of N clients, as .csv and as .xlsx: the dry run, the real run
/// and a second real run (which creates nothing), each timed with a stopwatch. Real pieces: the sandbox portal over
/// SOAP on 127.0.0.1 and the SQLite state store. One pass only: the figures are wall times, not statistics.
/// </summary>
internal static class PortalImportBench
{
    public static async Task RunAsync(int rows)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Portal import: {rows} clients per export, sandbox portal over SOAP (127.0.0.1), SQLite (WAL) state"));
        foreach (var extension in new[] { "csv", "xlsx" })
        {
            var folder = Path.Combine(Path.GetTempPath(), "connectorhost-import-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var file = Path.Combine(folder, "clients." + extension);
                var write = Stopwatch.StartNew();
                WriteExport(file, rows);
                write.Stop();
                await using var portal = await SandboxPortal.StartAsync(new SandboxPortalOptions { MinimumLogLevel = LogLevel.None });
                var store = new SqliteStateStore(Path.Combine(folder, "state.db"), TimeProvider.System);
                await store.MigrateAsync(CancellationToken.None);
                var settings = new ClientImportSettings
                {
                    Endpoint = portal.BeheerServiceUrl,
                    UserName = "demo",
                    Password = "demo",
                    File = file,
                    Group = PortalState.AllRightsGroup,
                    Columns = new ImportColumns
                    {
                        HiddenId = "", Address = "", PostalCode = "", Email = "", Branch = "", Group = "", Token = "",
                        UserLogin = "", UserFullName = "", UserEmail = "", UserMobile = "",
                    },
                };
                var task = new ClientImportFactory().Create(settings, new ConnectorHost.Testing.TestComponentContext(store, TimeProvider.System, "clientonline-import", Path.Combine(folder, "data"), configFolder: folder));
                var commands = (IAdminCommands)task;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  .{extension}: writing the export took {write.Elapsed.TotalSeconds:0.00} s"));
                foreach (var (command, label) in new[] { ("dry-run", "dry run"), ("import", "import"), ("import", "second import") })
                {
                    var watch = Stopwatch.StartNew();
                    var result = await commands.RunAsync(new AdminCommandRequest(command, new Dictionary<string, string>(), "bench"), CancellationToken.None);
                    watch.Stop();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  .{extension} {label,-14} {watch.Elapsed.TotalSeconds,7:0.00} s  {rows / watch.Elapsed.TotalSeconds,7:0} rows/s  {result.Summary}"));
                }

                (task as IDisposable)?.Dispose();
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// The import of N clients with a user and a PIN letter each (4 calls per client: the client, the user, its right,
    /// its PIN), on loopback or with the sandbox's latency per call: wall time, SOAP calls, the most in flight, and the
    /// processor time of this process (the import and the in-process sandbox) per client.
    /// </summary>
    public static async Task RunWithUsersAsync(int rows, int latencyMs)
    {
        var folder = Path.Combine(Path.GetTempPath(), "connectorhost-import-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "clients.csv");
            var text = new StringBuilder("Naam,KvK-nummer,Plaats,Gebruikersnaam,Contactpersoon\n");
            for (var i = 0; i < rows; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"Cliënt {i} BV,{10_000_000 + i},Utrecht,gebruiker{i},Persoon {i}\n");
            }

            File.WriteAllText(file, text.ToString(), new UTF8Encoding(false));
            await using var portal = await SandboxPortal.StartAsync(new SandboxPortalOptions { MinimumLogLevel = LogLevel.None, Faults = new ConnectorHost.Sandbox.FaultSettings { LatencyMs = latencyMs } });
            var store = new SqliteStateStore(Path.Combine(folder, "state.db"), TimeProvider.System);
            await store.MigrateAsync(CancellationToken.None);
            var settings = new ClientImportSettings
            {
                Endpoint = portal.BeheerServiceUrl,
                UserName = "demo",
                Password = "demo",
                File = file,
                Group = PortalState.AllRightsGroup,
                LettersFolder = Path.Combine(folder, "letters"),
                LetterTemplate = Path.Combine(AppContext.BaseDirectory, "pin-letter.scriban"),
                Columns = new ImportColumns
                {
                    HiddenId = "", Address = "", PostalCode = "", Email = "", Branch = "", Group = "", Token = "",
                    UserLogin = "Gebruikersnaam", UserFullName = "Contactpersoon", UserEmail = "", UserMobile = "",
                },
            };
            var context = new ConnectorHost.Testing.TestComponentContext(store, TimeProvider.System, "clientonline-import", Path.Combine(folder, "data"), configFolder: folder);
            var task = new ClientImportFactory().Create(settings, context);
            portal.Faults.Configure(portal.Faults.Settings);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var result = await ((IAdminCommands)task).RunAsync(new AdminCommandRequest("import", new Dictionary<string, string>(), "bench"), CancellationToken.None);
            watch.Stop();
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Portal import with a user + PIN each: {rows} clients, {(latencyMs > 0 ? $"{latencyMs} ms latency per call" : "loopback")}, maxInFlight {context.MaxInFlight}: {watch.Elapsed.TotalSeconds:0.0} s, {portal.Faults.Calls} SOAP calls, at most {portal.Faults.PeakInFlight} in flight, {cpuMs / rows:0.0} ms CPU per client (import and sandbox). {result.Summary}"));
            (task as IDisposable)?.Dispose();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteExport(string path, int rows)
    {
        string Kvk(int i) => (10_000_000 + i).ToString(CultureInfo.InvariantCulture);
        if (path.EndsWith(".csv", StringComparison.Ordinal))
        {
            var text = new StringBuilder("Naam,KvK-nummer,Plaats\n");
            for (var i = 0; i < rows; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"Cliënt {i} BV,{Kvk(i)},Utrecht\n");
            }

            File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
            return;
        }

        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Export");
        sheet.Cell(1, 1).Value = "Naam";
        sheet.Cell(1, 2).Value = "KvK-nummer";
        sheet.Cell(1, 3).Value = "Plaats";
        for (var i = 0; i < rows; i++)
        {
            sheet.Cell(i + 2, 1).Value = $"Cliënt {i} BV";
            sheet.Cell(i + 2, 2).Value = Kvk(i);
            sheet.Cell(i + 2, 3).Value = "Utrecht";
        }

        workbook.SaveAs(path);
    }
}
