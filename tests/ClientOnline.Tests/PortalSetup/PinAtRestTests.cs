using System.Net;
using System.Text;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using static ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup.ImportHarness;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>
/// SEC-5: a PIN is never written to disk in plain text, not even for a moment. The probe found the PINs of an import
/// in <c>state.db-wal</c> (<c>"pin":"407620"</c>) after the import had hashed them, until a checkpoint. Here the
/// database file and its WAL are scanned while the store is still open (no checkpoint has run), and the log too; only
/// the letters, which exist to carry the PIN to the user, hold it.
/// </summary>
[Trait("Req", "SEC-5")]
public sealed class PinAtRestTests
{
    [Fact]
    public async Task No_pin_is_in_the_database_its_wal_or_the_log_while_the_store_is_open()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", $"""
            {PortalSetupTests.Header}
            Bakkerij Jansen BV,11111111,,Dorpsstraat 1,1234 AB,Utrecht,,,,,jansen,Piet Jansen,,
            Smederij De Vries,33333333,,Molenweg 3,4321 BA,Delft,,,,,vries,Kees de Vries,,
            Kapsalon Bos,44444444,,Markt 4,2222 CC,Gouda,,,,,bos,Els Bos,,
            """);
        var task = h.Create(h.Settings());

        (await RunAsync(task, "import")).Succeeded.ShouldBeTrue();
        var reissued = await RunAsync(task, "letters", ("login", "vries"));
        reissued.Succeeded.ShouldBeTrue(reissued.Summary);

        var pins = Directory.GetFiles(h.Letters).Select(PinIn).ToList();
        pins.Count.ShouldBe(3);
        pins.ShouldAllBe(p => p.Length == 6);
        var database = Path.Combine(h.Root, "state.db");
        File.Exists(database + "-wal").ShouldBeTrue("the store is open in WAL mode, so its recent writes are in the WAL");
        var onDisk = string.Concat(new[] { database, database + "-wal" }.Where(File.Exists).Select(f => Encoding.UTF8.GetString(ReadShared(f))));
        onDisk.ShouldContain("hmac-sha256$"); // the hashes are there: the scan reads what the store wrote
        foreach (var pin in pins)
        {
            onDisk.ShouldNotContain($"\"pin\":\"{pin}\"");
            onDisk.ShouldNotContain($"\"{pin}\""); // as any JSON value (a bare 6-digit run can occur in binary pages by chance)
            h.LogLines.ShouldAllBe(line => !line.Contains(pin));
        }

        // The letters' PINs are the ones the portal holds.
        await h.Beheer.Service.SetDocumentTypeRightAsync("demo", "demo", "vries", "jaarrekening", ApprovalRight.MayApprove);
        var doc = await h.SubmitAsync("33333333", "after-reissue");
        using var ok = await h.ApproveAsUserAsync(doc.Reference, "vries", PinIn(Directory.GetFiles(h.Letters).Single(f => f.EndsWith("_vries.html", StringComparison.Ordinal))));
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
