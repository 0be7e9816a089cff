using System.Text;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Plugins.CaseWareCloud.AuditCase;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.Plugins.CaseWareCloud.Tests;

public sealed class SourceTests
{
    [Fact]
    public async Task A_duplicate_client_number_stops_the_run_with_an_instruction_naming_both_places()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(new TestClient("1001"), new TestClient("1002"), new TestClient("1001", "Again"));
        using var task = world.Task();

        var result = await task.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.NeedsInstruction);
        result.Instruction!.Text.ShouldContain("auditcase.json, clients[0] (client 1001) and auditcase.json, clients[2]");
        world.Sandbox.State.TotalCalls.ShouldBe(0, "nothing is sent from an export that cannot be trusted");
    }

    [Fact]
    public async Task Broken_JSON_and_a_missing_export_are_reported_with_the_place_and_what_to_do()
    {
        var folder = Directory.CreateTempSubdirectory("connectorhost-caseware-source").FullName;
        try
        {
            var path = Path.Combine(folder, "export.json");
            var missing = await Should.ThrowAsync<AuditCaseSourceException>(() => new JsonAuditCaseSource(path).ReadAsync(CancellationToken.None));
            missing.Message.ShouldContain("does not exist");

            await File.WriteAllTextAsync(path, "{\n  \"clients\": [\n    { \"clientNumber\": \"1\", }\n    { }\n  ]\n}");
            var broken = await Should.ThrowAsync<AuditCaseSourceException>(() => new JsonAuditCaseSource(path).ReadAsync(CancellationToken.None));
            broken.Message.ShouldStartWith("export.json, line 4");

            await File.WriteAllTextAsync(path, """{"clients": [{"clientNumber": 1001, "linkWithCaseWareCloud": "Ja", "contacts": [{"id": 1, "email": "a@b.nl", "linkWithCaseWareCloud": "misschien"}]}]}""");
            var badSwitch = await Should.ThrowAsync<AuditCaseSourceException>(() => new JsonAuditCaseSource(path).ReadAsync(CancellationToken.None));
            badSwitch.Message.ShouldBe("export.json, clients[0].contacts[0]: \"linkWithCaseWareCloud\" is \"misschien\"; use true/false, Ja/Nee, yes/no or 1/0.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    [Trait("Req", "CW-4")]
    public async Task The_export_is_read_streaming_whatever_its_size_and_the_size_of_one_client()
    {
        var folder = Directory.CreateTempSubdirectory("connectorhost-caseware-source").FullName;
        try
        {
            // A byte order mark, a property before "clients", 3,000 clients (many reads of the buffer), one with a name of
            // 200 KB (larger than the buffer), one client a line.
            var path = Path.Combine(folder, "export.json");
            var text = new StringBuilder("\uFEFF{\"exportedAt\": {\"by\": [\"AuditCase\", {\"v\": 1}]}, \"Clients\": [");
            for (var i = 0; i < 3000; i++)
            {
                var name = i == 1500 ? new string('x', 200_000) : $"Client {i}";
                text.Append(i > 0 ? "," : string.Empty).Append(
                    $$"""{"clientNumber": "{{i}}", "name": "{{name}}", "linkWithCaseWareCloud": "Ja", "contacts": [{"id": "{{i}}-1", "email": "a@c{{i}}.nl"}]}""").Append('\n');
            }

            text.Append("], \"after\": 1}");
            await File.WriteAllTextAsync(path, text.ToString());
            var export = await new JsonAuditCaseSource(path).ReadAsync(CancellationToken.None);

            export.ClientCount.ShouldBe(3000);
            export.ContactCount.ShouldBe(3000);
            var clients = export.Clients(CancellationToken.None).ToList();
            clients.Select(c => c.ClientNumber).ShouldBe(Enumerable.Range(0, 3000).Select(i => $"{i}"));
            clients[1500].Name.Length.ShouldBe(200_000);
            clients[2999].Name.ShouldBe("Client 2999");
            clients.ShouldAllBe(c => c.Link);
            var contacts = export.Contacts(CancellationToken.None).ToList();
            contacts.Select(c => (c.Id, c.ClientNumber, c.Email)).Last().ShouldBe(("2999-1", "2999", "a@c2999.nl"));
            export.HasClient("2999").ShouldBeTrue();
            export.HasContact("17-1").ShouldBeTrue();
            export.HasContact("3000-1").ShouldBeFalse();

            // An export replaced after it was checked is not trusted.
            await File.WriteAllTextAsync(path, """{"clients": [{"clientNumber": "1", "linkWithCaseWareCloud": true}]}""");
            Should.Throw<AuditCaseExportChangedException>(() => export.Clients(CancellationToken.None).ToList()).Message.ShouldContain("changed while it was read");

            // An export AuditCase rewrites while a pass reads it: the run says so, not that the export is broken.
            await File.WriteAllTextAsync(path, text.ToString());
            var reading = await new JsonAuditCaseSource(path).ReadAsync(CancellationToken.None);
            using (var read = reading.Clients(CancellationToken.None).GetEnumerator())
            {
                read.MoveNext().ShouldBeTrue();
                await File.WriteAllTextAsync(path, """{"clients": []}""");
                Should.Throw<AuditCaseExportChangedException>(() =>
                {
                    while (read.MoveNext())
                    {
                    }
                });
            }

            // A syntax error far into the file names its line.
            await File.WriteAllTextAsync(path, text.ToString().Replace("\"clientNumber\": \"2500\",", "\"clientNumber\": \"2500\" \"x\": 1,", StringComparison.Ordinal));
            var broken = await Should.ThrowAsync<AuditCaseSourceException>(() => new JsonAuditCaseSource(path).ReadAsync(CancellationToken.None));
            broken.Message.ShouldStartWith("export.json, line 2501,");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    [Trait("Req", "CW-1")]
    public async Task The_SQL_source_reads_the_same_clients_and_contacts_as_the_export()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var database = Path.Combine(world.Root, "auditcase.db");
        await using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE klanten (klantnr TEXT, naam TEXT, soort TEXT, status TEXT, plaats TEXT, koppel INTEGER);
                CREATE TABLE contactpersonen (id INTEGER, klantnr TEXT, voornaam TEXT, achternaam TEXT, email TEXT, koppel INTEGER);
                INSERT INTO klanten VALUES ('1001', 'Bakkerij Jansen BV', 'Zakelijk', 'Actief', 'Utrecht', 1), ('1002', 'J. de Vries', 'Particulier', 'Actief', 'Zeist', 1);
                INSERT INTO contactpersonen VALUES (1, '1001', 'Jan', 'Dijk', 'jan@jansen.nl', 1), (2, '1001', 'Piet', 'Bakker', 'piet@jansen.nl', 0), (3, '1002', 'Joop', 'de Vries', 'joop@devries.nl', 1);
                """;
            await command.ExecuteNonQueryAsync();
        }

        var report = await world.SyncAsync(s => s.Source = new AuditCaseSourceSettings
        {
            Kind = AuditCaseSourceKind.Sql,
            ConnectionString = "Data Source=auditcase.db;Mode=ReadOnly",
            ClientsQuery = "SELECT klantnr AS clientNumber, naam AS name, soort AS kind, status, plaats AS city, koppel AS linkWithCaseWareCloud FROM klanten",
            ContactsQuery = "SELECT id, klantnr AS clientNumber, voornaam AS firstName, achternaam AS lastName, email, koppel AS linkWithCaseWareCloud FROM contactpersonen",
        });

        report.Clients.ShouldBe(2);
        report.Contacts.ShouldBe(3);
        world.Sandbox.State.Entities.Select(e => (e.EntityNo, e.City)).ShouldBe([("1001", "Utrecht")]);
        world.Sandbox.State.Contacts.Select(c => c.Email).ShouldBe(["jan@jansen.nl"]);
        (await world.ContactRecordAsync("3"))!.ReasonCode.ShouldBe(Reasons.ClientNotSent);
    }

    [Fact]
    public void The_client_secret_is_a_secret_and_the_settings_say_what_is_missing()
    {
        typeof(CaseWareCloudConnectionSettings).GetProperty(nameof(CaseWareCloudConnectionSettings.ClientSecret))!
            .GetCustomAttributes(typeof(Abstractions.Settings.SecretAttribute), false).ShouldNotBeEmpty();
        typeof(AuditCaseSourceSettings).GetProperty(nameof(AuditCaseSourceSettings.ConnectionString))!
            .GetCustomAttributes(typeof(Abstractions.Settings.SecretAttribute), false).ShouldNotBeEmpty();

        var sql = new AuditCaseSourceSettings { Kind = AuditCaseSourceKind.Sql };
        var problems = sql.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(sql)).Select(r => r.ErrorMessage).ToList();
        problems.ShouldBe(["'connectionString' is required when kind is Sql.", "'clientsQuery' and 'contactsQuery' are required when kind is Sql."]);
        var json = new AuditCaseSourceSettings();
        json.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(json)).Single().ErrorMessage!.ShouldContain("'path' is required");
    }

    [Fact]
    public async Task Unknown_commands_are_refused_with_the_known_ones()
    {
        await using var world = await CaseWareWorld.StartAsync();
        using var task = world.Task();

        task.Commands.Select(c => c.Name).ShouldBe(["clients", "contacts"]);
        task.Commands.ShouldAllBe(c => !c.ChangesState);
        var result = await CaseWareWorld.CommandAsync(task, "sync-everything");

        result.Succeeded.ShouldBeFalse();
        result.Summary.ShouldBe("Unknown command 'sync-everything'. Known: clients, contacts.");
    }
}
