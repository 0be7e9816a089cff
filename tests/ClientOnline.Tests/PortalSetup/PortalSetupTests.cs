using System.Net;
using System.ServiceModel;
using ClosedXML.Excel;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using ConnectorHost.Plugins.ClientOnline.Import;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using static ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup.ImportHarness;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>
/// The portal set-up (PO-1..PO-7) end to end: <c>clientonline.import</c> reads real files, talks real SOAP to the
/// sandbox portal and records its steps in the real SQLite store; the tests check the portal over SOAP and play the
/// client users through the sandbox's control API.
/// </summary>
public sealed class PortalSetupTests
{
    internal const string Header = "Naam,KvK-nummer,Hidden id,Adres,Postcode,Plaats,E-mail,Vestiging,Cliëntgroep,Accorderingstoken,Gebruikersnaam,Contactpersoon,E-mail contactpersoon,Mobiel";

    [Fact]
    [Trait("Req", "PO-1")]
    public async Task A_dry_run_shows_new_present_and_invalid_lines_and_the_import_creates_only_the_new_ones_once()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", $"""
            {Header}
            Bakkerij Jansen BV,11111111,,Dorpsstraat 1,1234 AB,Utrecht,info@jansen.nl,,,,,,,
            Demo BV,12345678,,,,,,,,,,,,
            Zonder nummer,,,,,,,,,,,,,
            Smit Installaties,22222222,,,,,,,,,,,,
            """);
        var task = h.Create(h.Settings());

        var dry = await RunAsync(task, "dry-run");

        dry.Succeeded.ShouldBeTrue(dry.Summary);
        var lines = Lines(dry);
        lines[2].Status.ShouldBe("New");
        lines[3].Status.ShouldBe("Already present");
        lines[4].ShouldBe(("Invalid", "neither a KvK number nor a hidden id: the portal cannot find the client again", RowMark.Error));
        lines[5].Status.ShouldBe("New");
        h.Portal.State.Clients.Count.ShouldBe(3, "a dry run changes nothing");

        var first = Lines(await RunAsync(task, "import", ("lines", "2-4")));
        first[2].Status.ShouldBe("Created");
        first[3].Status.ShouldBe("Already present");
        first[5].Status.ShouldBe("Not selected");
        (await h.ClientByKvkAsync("11111111")).Address.ShouldBe("Dorpsstraat 1");

        var second = Lines(await RunAsync(task, "import"));
        second[2].Status.ShouldBe("Already present");
        second[5].Status.ShouldBe("Created");
        var third = Lines(await RunAsync(task, "import"));
        third.Values.Count(v => v.Status == "Created").ShouldBe(0);
        h.Portal.State.Clients.Count.ShouldBe(5);
    }

    [Fact]
    [Trait("Req", "PO-1")]
    public async Task A_semicolon_csv_with_bom_and_an_xlsx_template_filled_by_hand_import_alike()
    {
        await using var h = await StartAsync();
        h.Write("export.csv", "\"Naam\";\"KvK-nummer\"\r\n\"Hoek; de\";33333333\r\n", bom: true);
        var csv = h.Create(h.Settings("export.csv", s => s.Columns = Only(name: "Naam", kvk: "KvK-nummer")));
        Lines(await RunAsync(csv, "import"))[2].Status.ShouldBe("Created");
        (await h.ClientByKvkAsync("33333333")).Name.ShouldBe("Hoek; de");

        var xlsx = h.Create(h.Settings("filled.xlsx"));
        var written = await RunAsync(xlsx, "write-template", ("file", "template.xlsx"));
        written.Succeeded.ShouldBeTrue(written.Summary);
        using (var workbook = new XLWorkbook(Path.Combine(h.Root, "template.xlsx")))
        {
            var sheet = workbook.Worksheet("Cliënten");
            sheet.Cell(1, 1).GetString().ShouldBe("Naam");
            sheet.Cell(1, 2).GetString().ShouldBe("KvK-nummer");
            sheet.Cell(2, 1).Value = "Visser & Zn";
            sheet.Cell(2, 2).Value = "44444444";
            sheet.Cell(3, 1).Value = "Mulder BV";
            sheet.Cell(3, 2).Value = 5555555; // a number: Excel dropped the leading zero
            workbook.SaveAs(Path.Combine(h.Root, "filled.xlsx"));
        }

        var lines = Lines(await RunAsync(xlsx, "import"));
        lines[2].Status.ShouldBe("Created");
        lines[3].Status.ShouldBe("Invalid");
        lines[3].Reason.ShouldContain("leading zero");
        (await h.ClientByKvkAsync("44444444")).Name.ShouldBe("Visser & Zn");
    }

    [Fact]
    [Trait("Req", "PO-2")]
    public async Task New_clients_go_into_the_chosen_group_and_their_users_get_its_rights_and_present_clients_stay_out()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", $"""
            {Header}
            Bakkerij Jansen BV,11111111,,,,,,,,,jansen,Piet Jansen,,
            Demo BV,12345678,,,,,,,,,,,,
            Smit Installaties,22222222,,,,,,,Cliënten met alle rechten,,smit,Anna Smit,,
            Onbekende groep BV,66666666,,,,,,,Bestaat niet,,,,,
            """);
        h.Write("users.csv", "KvK-nummer,Gebruikersnaam,Naam\n11111111,jansen2,Kees Jansen\n");
        var task = h.Create(h.Settings(configure: s =>
        {
            s.Group = "Alleen accorderen";
            s.Groups = [new GroupSetting { Name = "Alleen accorderen", Rights = ["Accorderen"] }];
            s.UsersFile = "users.csv";
        }));

        var lines = Lines(await RunAsync(task, "import"));

        lines[2].Status.ShouldBe("Created");
        lines[3].Status.ShouldBe("Already present");
        lines[4].Status.ShouldBe("Created");
        lines[5].Status.ShouldBe("Invalid");
        lines[5].Reason.ShouldContain("client group 'Bestaat niet' does not exist at the portal");
        var groups = await h.Beheer.Service.ListGroupsAsync("demo", "demo");
        groups.Single(g => g.Name == "Alleen accorderen").Rights.ShouldBe(["Accorderen"]);
        var jansen = await h.ClientByKvkAsync("11111111");
        jansen.Groups.ShouldBe(["Alleen accorderen"]);
        (await h.ClientByKvkAsync("22222222")).Groups.ShouldBe(["Cliënten met alle rechten"]);
        (await h.ClientByKvkAsync("12345678")).Groups.ShouldBeEmpty("only new clients are placed in groups");
        var users = await h.Beheer.Service.ListUsersAsync("demo", "demo", jansen.HiddenId);
        users.Single(u => u.Login == "jansen2").Rights.ShouldBe(["Accorderen"], "a user has the rights of the client's group");

        var refused = await Should.ThrowAsync<FaultException<BeheerFault>>(() => h.Beheer.Service.AddClientToGroupAsync("demo", "demo", jansen.HiddenId, PortalState.AllRightsGroup));
        refused.Detail.Message.ShouldContain("only new clients can be placed in groups");
    }

    [Fact]
    [Trait("Req", "PO-3")]
    public async Task Users_are_created_in_bulk_and_the_first_of_each_client_is_the_superuser_with_all_rights()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", $"""
            {Header}
            Bakkerij Jansen BV,11111111,,,,,,,,,jansen,Piet Jansen,piet@jansen.nl,
            Smit Installaties,22222222,,,,,,,,,,,,
            """);
        h.Write("users.csv", """
            KvK-nummer,Gebruikersnaam,Naam,E-mail,Mobiel,Inloggen,Accorderingstoken,Rechten
            11111111,jansen-boekhouding,Els Jansen,els@jansen.nl,,,,OB-aangifte=Mag
            22222222,smit,Anna Smit,anna@smit.nl,,,,
            22222222,smit-2,Bram Smit,,,,,
            """);
        var task = h.Create(h.Settings(configure: s => s.UsersFile = "users.csv"));

        var result = await RunAsync(task, "import");

        result.Succeeded.ShouldBeTrue(result.Summary);
        var jansen = await h.Beheer.Service.ListUsersAsync("demo", "demo", (await h.ClientByKvkAsync("11111111")).HiddenId);
        jansen.Select(u => (u.Login, u.Superuser)).ShouldBe([("jansen", true), ("jansen-boekhouding", false)]);
        jansen[0].Rights.ShouldBe(PortalState.KnownRights.ToArray(), "the superuser has all rights");
        jansen[0].DocumentTypeRights.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            r => r.DocumentType.ShouldBe("jaarrekening"),
            r => r.Right.ShouldBe(ApprovalRight.MayApprove));
        jansen[1].DocumentTypeRights.ShouldHaveSingleItem().DocumentType.ShouldBe("OB-aangifte");
        var smit = await h.Beheer.Service.ListUsersAsync("demo", "demo", (await h.ClientByKvkAsync("22222222")).HiddenId);
        smit.Select(u => (u.Login, u.Superuser)).ShouldBe([("smit", true), ("smit-2", false)], "without a user in the export the users file's first is the superuser");

        var view = await RunAsync(task, "users");
        view.Tables[0].Rows.Count.ShouldBe(4);
        view.Tables[0].Rows.ShouldAllBe(r => r.Mark == RowMark.None);
        (await RunAsync(task, "import")).Summary.ShouldBe("Import of clients.csv: 2 already present");
        h.Portal.State.Users.Count.ShouldBe(4, "a second run creates no user twice");
    }

    [Fact]
    [Trait("Req", "PO-4")]
    public async Task The_import_sets_each_users_approval_token_login_method_and_mobile_through_Beheer_and_refuses_sms_without_a_mobile()
    {
        await using var h = await StartAsync();
        var lines = await ImportTokenUsersAsync(h);

        lines[4].Status.ShouldBe("Invalid");
        lines[4].Reason.ShouldBe("user 'zm' (clients.csv line 4) confirms by SMS but has no mobile number");
        var jansen = await h.Beheer.Service.ListUsersAsync("demo", "demo", (await h.ClientByKvkAsync("11111111")).HiddenId);
        var smit = await h.Beheer.Service.ListUsersAsync("demo", "demo", (await h.ClientByKvkAsync("22222222")).HiddenId);
        jansen.Select(u => (u.Login, u.Token, u.LoginMethod)).ShouldBe([("jansen", ApprovalTokenKind.Pin, LoginMethod.Password)]);
        smit.Select(u => (u.Login, u.Token, u.LoginMethod, u.Mobile)).OrderBy(u => u.Login, StringComparer.Ordinal).ShouldBe(
        [
            ("smit", ApprovalTokenKind.Sms, LoginMethod.Password, "0612345678"),
            ("smit-sms", ApprovalTokenKind.Sms, LoginMethod.PasswordAndSms, "0687654321"),
        ]);
        h.Portal.State.Users.ShouldNotContain(u => u.Login == "zm", "a user who cannot confirm is not created");
    }

    private static async Task<Dictionary<int, (string Status, string Reason, RowMark Mark)>> ImportTokenUsersAsync(ImportHarness h)
    {
        h.Write("clients.csv", $"""
            {Header}
            Bakkerij Jansen BV,11111111,,,,,,,,Pin,jansen,Piet Jansen,,
            Smit Installaties,22222222,,,,,,,,Sms,smit,Anna Smit,,0612345678
            Zonder mobiel BV,77777777,,,,,,,,Sms,zm,Z. Mobiel,,
            """);
        h.Write("users.csv", "KvK-nummer,Gebruikersnaam,Naam,Mobiel,Inloggen\n22222222,smit-sms,Bram Smit,0687654321,PasswordAndSms\n");
        var task = h.Create(h.Settings(configure: s => s.UsersFile = "users.csv"));
        return Lines(await RunAsync(task, "import"));
    }

    [Fact]
    [Trait("Sandbox", "ClientOnline")]
    public async Task The_portal_confirms_by_pin_or_sms_and_logs_in_with_a_password_or_a_password_and_an_sms_code()
    {
        await using var h = await StartAsync();
        await ImportTokenUsersAsync(h);

        // Login: password only, and password + SMS login code read from the sandbox's SMS sink.
        foreach (var login in new[] { "jansen", "smit-sms" })
        {
            (await h.Http.SendJsonAsync(HttpMethod.Put, $"/control/users/{login}/password", new PasswordInput("geheim-" + login))).EnsureSuccessStatusCode();
        }

        (await Login(h, "jansen", "geheim-jansen", null)).Outcome.ShouldBe("logged-in");
        (await Login(h, "jansen", "fout", null)).Outcome.ShouldBe("refused");
        (await Login(h, "smit-sms", "geheim-smit-sms", null)).Outcome.ShouldBe("sms-code-sent");
        var sms = (await h.Http.GetJsonAsync<List<SmsMessage>>("/control/sms")).Last();
        sms.ShouldSatisfyAllConditions(s => s.Mobile.ShouldBe("0687654321"), s => s.Purpose.ShouldBe("login"));
        (await Login(h, "smit-sms", "geheim-smit-sms", "000000" == sms.Code ? "111111" : "000000")).Outcome.ShouldBe("refused");
        (await Login(h, "smit-sms", "geheim-smit-sms", null)).Outcome.ShouldBe("sms-code-sent");
        var code = (await h.Http.GetJsonAsync<List<SmsMessage>>("/control/sms")).Last().Code;
        (await Login(h, "smit-sms", "geheim-smit-sms", code)).Outcome.ShouldBe("logged-in");

        // Approval: the SMS user asks for a code, which arrives on the mobile number, and approves with it.
        var submission = await h.SubmitAsync("22222222", "sms-approval");
        (await h.Http.SendJsonAsync(HttpMethod.Post, $"/control/submissions/{submission.Reference}/sms-code", new UserApprovalInput("smit", null))).EnsureSuccessStatusCode();
        var approveCode = (await h.Http.GetJsonAsync<List<SmsMessage>>("/control/sms")).Last();
        approveCode.Mobile.ShouldBe("0612345678");
        using var approved = await h.ApproveAsUserAsync(submission.Reference, "smit", approveCode.Code);
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        h.Portal.State.FindByReference(submission.Reference)!.Status.ShouldBe(Contracts.SubmissionStatus.Approved);

        // The PIN user approves with the PIN from the letter; a wrong PIN is refused.
        var pinned = await h.SubmitAsync("11111111", "pin-approval");
        using var wrong = await h.ApproveAsUserAsync(pinned.Reference, "jansen", "000000");
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var letter = Directory.GetFiles(h.Letters).ShouldHaveSingleItem();
        using var right = await h.ApproveAsUserAsync(pinned.Reference, "jansen", PinIn(letter));
        right.StatusCode.ShouldBe(HttpStatusCode.OK, await right.Content.ReadAsStringAsync());
    }

    [Fact]
    [Trait("Req", "PO-5")]
    public async Task The_import_sets_may_and_must_approve_per_user_and_document_type_through_Beheer()
    {
        await using var h = await StartAsync();
        await ImportApprovalRightsAsync(h);

        var users = await h.Beheer.Service.ListUsersAsync("demo", "demo", (await h.ClientByKvkAsync("11111111")).HiddenId);
        users.Select(u => (u.Login, Rights: string.Join(",", u.DocumentTypeRights.Select(r => $"{r.DocumentType}={r.Right}"))))
            .OrderBy(u => u.Login, StringComparer.Ordinal)
            .ShouldBe([("mag", "jaarrekening=MayApprove"), ("moet-1", "jaarrekening=MustApprove"), ("moet-2", "jaarrekening=MustApprove")]);
    }

    private static async Task ImportApprovalRightsAsync(ImportHarness h)
    {
        h.Write("clients.csv", $"""
            {Header}
            Bakkerij Jansen BV,11111111,,,,,,,,,,,,
            Smit Installaties,22222222,,,,,,,,,smit,Anna Smit,,
            """);
        h.Write("users.csv", """
            KvK-nummer,Gebruikersnaam,Naam,Rechten
            11111111,mag,Mia Mag,jaarrekening=Mag
            11111111,moet-1,Mo Moet,jaarrekening=Moet
            11111111,moet-2,Max Moet,jaarrekening=Moet
            """);
        var task = h.Create(h.Settings(configure: s => { s.UsersFile = "users.csv"; s.DocumentTypes = []; }));
        (await RunAsync(task, "import")).Succeeded.ShouldBeTrue();
    }

    [Fact]
    [Trait("Sandbox", "ClientOnline")]
    public async Task With_two_must_approve_users_both_must_approve_and_the_may_approve_user_has_no_rights()
    {
        await using var h = await StartAsync();
        await ImportApprovalRightsAsync(h);
        var pins = Directory.GetFiles(h.Letters).ToDictionary(f => Path.GetFileNameWithoutExtension(f).Split('_')[1], PinIn);

        var doc = await h.SubmitAsync("11111111", "must-approve");
        using (var may = await h.ApproveAsUserAsync(doc.Reference, "mag", pins["mag"]))
        {
            may.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await may.Content.ReadAsStringAsync()).ShouldContain("has no rights on jaarrekening: the client has users who must approve it");
        }

        using (var first = await h.ApproveAsUserAsync(doc.Reference, "moet-1", pins["moet-1"]))
        {
            var result = await first.ReadJsonAsync<UserApprovalResult>();
            result.Submission.Status.ShouldBe(Contracts.SubmissionStatus.Pending);
            result.StillToApprove.ShouldBe(["moet-2"]);
        }

        using (var second = await h.ApproveAsUserAsync(doc.Reference, "moet-2", pins["moet-2"]))
        {
            (await second.ReadJsonAsync<UserApprovalResult>()).Submission.Status.ShouldBe(Contracts.SubmissionStatus.Approved);
        }

        // Without must-approve users one may-approve user is enough: the superuser of Smit with Mag accorderen.
        await h.Beheer.Service.SetDocumentTypeRightAsync("demo", "demo", "smit", "jaarrekening", ApprovalRight.MayApprove);
        var other = await h.SubmitAsync("22222222", "may-approve");
        var smitPin = PinIn(Directory.GetFiles(h.Letters).Single(f => f.EndsWith("_smit.html", StringComparison.Ordinal)));
        using var once = await h.ApproveAsUserAsync(other.Reference, "smit", smitPin);
        (await once.ReadJsonAsync<UserApprovalResult>()).Submission.Status.ShouldBe(Contracts.SubmissionStatus.Approved);
    }

    [Fact]
    [Trait("Req", "PO-6")]
    public async Task Each_pin_user_gets_a_printable_letter_addressed_to_them_and_the_pin_is_kept_only_hashed_and_never_logged()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", $"""
            {Header}
            Bakkerij Jansen BV,11111111,,Dorpsstraat 1,1234 AB,Utrecht,,,,,jansen,Piet Jansen,,
            Smit <Installaties>,22222222,,Kerkweg 2,5678 CD,Zwolle,,,,Sms,smit,Anna Smit,,0612345678
            """);
        var task = h.Create(h.Settings());

        (await RunAsync(task, "import")).Succeeded.ShouldBeTrue();

        var letter = Directory.GetFiles(h.Letters).ShouldHaveSingleItem("only PIN users get a letter");
        var html = await File.ReadAllTextAsync(letter);
        html.ShouldContain("Piet Jansen<br>");
        html.ShouldContain("Bakkerij Jansen BV<br>");
        html.ShouldContain("Dorpsstraat 1<br>");
        html.ShouldContain("1234 AB Utrecht");
        html.ShouldContain("<strong>jansen</strong>");
        var pin = PinIn(letter);
        pin.Length.ShouldBe(6);

        var record = (await h.Store.Records.ListAsync("clientonline.import.clientonline-import", CancellationToken.None)).First(r => r.Key == "kvk:11111111");
        record.Data.ShouldNotContain(pin);
        record.Data.ShouldContain("hmac-sha256$");
        h.LogLines.ShouldNotBeEmpty();
        h.LogLines.ShouldAllBe(line => !line.Contains(pin));

        // A new letter for a user who lost it: a new PIN, set at the portal; the old one no longer approves.
        var reissued = await RunAsync(task, "letters", ("login", "jansen"));
        reissued.Succeeded.ShouldBeTrue(reissued.Summary);
        var newPin = PinIn(letter);
        newPin.ShouldNotBe(pin, "a reissued letter never repeats the lost PIN");
        await h.Beheer.Service.SetDocumentTypeRightAsync("demo", "demo", "jansen", "jaarrekening", ApprovalRight.MayApprove);
        var doc = await h.SubmitAsync("11111111", "after-reissue");
        using (var old = await h.ApproveAsUserAsync(doc.Reference, "jansen", pin))
        {
            old.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        using var ok = await h.ApproveAsUserAsync(doc.Reference, "jansen", newPin);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        h.LogLines.ShouldAllBe(line => !line.Contains(newPin));
    }

    [Fact]
    [Trait("Req", "PO-7")]
    public async Task Clients_are_scoped_per_branch_and_an_unknown_branch_is_refused()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", $"""
            {Header}
            Amsterdamse BV,11111111,,,,,,Amsterdam,,,,,,
            Utrechtse BV,22222222,,,,,,Utrecht,,,,,,
            Concern BV,33333333,,,,,,,,,,,,
            Rotterdamse BV,44444444,,,,,,Rotterdam,,,,,,
            """);
        var task = h.Create(h.Settings(configure: s => s.Branches = ["Amsterdam", "Utrecht"]));

        var lines = Lines(await RunAsync(task, "import"));

        lines[5].Status.ShouldBe("Invalid");
        lines[5].Reason.ShouldContain("branch (vestiging) 'Rotterdam' does not exist at the portal");
        (await h.Beheer.Service.ListBranchesAsync("demo", "demo")).ShouldBe(["Amsterdam", "Utrecht"]);
        var amsterdam = await h.Beheer.Service.ListClientsAsync("demo", "demo", "Amsterdam");
        amsterdam.Select(c => c.Name).ShouldContain("Amsterdamse BV");
        amsterdam.Select(c => c.Name).ShouldContain("Concern BV", "a client without a branch is concern-wide");
        amsterdam.Select(c => c.Name).ShouldNotContain("Utrechtse BV");
        (await h.ClientByKvkAsync("22222222")).Branch.ShouldBe("Utrecht");
    }

    [Fact]
    [Trait("Req", "PO-1")]
    public async Task An_import_interrupted_after_the_portal_created_the_client_finishes_it_without_creating_it_twice()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", $"""
            {Header}
            Bakkerij Jansen BV,11111111,,,,,,,,,jansen,Piet Jansen,,
            """);
        var task = h.Create(h.Settings());

        // The crash: the record says "creating" and the portal has the client, but no user was made yet.
        await h.Store.Records.PutAsync(new Abstractions.State.StoredRecord("clientonline.import.clientonline-import", "kvk:11111111", "creating", """{"stage":"creating","line":2,"name":"Bakkerij Jansen BV","users":[]}"""), CancellationToken.None);
        await h.Beheer.Service.CreateClientAsync(new CreateClientRequest { UserName = "demo", Password = "demo", Client = new ClientInfo { Name = "Bakkerij Jansen BV", KvkNumber = "11111111" } });
        Lines(await RunAsync(task, "dry-run"))[2].Status.ShouldBe("Resume");

        Lines(await RunAsync(task, "import"))[2].Status.ShouldBe("Completed");

        h.Portal.State.Clients.Count(c => c.KvkNumber == "11111111").ShouldBe(1);
        h.Portal.State.Users.ShouldHaveSingleItem().Login.ShouldBe("jansen");
        Directory.GetFiles(h.Letters).ShouldHaveSingleItem();
        Lines(await RunAsync(task, "import"))[2].Status.ShouldBe("Already present");
    }

    [Fact]
    [Trait("Req", "PO-1")]
    public async Task The_scheduled_run_imports_the_configured_file_and_asks_a_person_to_fix_invalid_lines()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", $"""
            {Header}
            Bakkerij Jansen BV,11111111,,,,,,,,,,,,
            Fout BV,1234,,,,,,,,,,,,
            """);
        var task = h.Create(h.Settings());

        var result = await ((ISyncTask)task).RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(SyncResultKind.NeedsInstruction);
        result.Instruction!.Text.ShouldContain("line 3: KvK number '1234' has 4 digits, not 8");
        (await h.ClientByKvkAsync("11111111")).Name.ShouldBe("Bakkerij Jansen BV");
    }

    [Fact]
    [Trait("Req", "PO-1")]
    [Trait("Req", "OF-2")]
    public async Task A_scheduled_run_does_not_read_again_an_export_unchanged_since_a_run_that_left_nothing_to_do()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", $"""
            {Header}
            Bakkerij Jansen BV,11111111,,,,,,,,,,,,
            """);
        var task = (ISyncTask)h.Create(h.Settings());
        (await task.RunAsync(CancellationToken.None)).Kind.ShouldBe(SyncResultKind.Success);
        var calls = h.Portal.Faults.Status().Calls;

        var unchanged = await task.RunAsync(CancellationToken.None);

        unchanged.Kind.ShouldBe(SyncResultKind.Success);
        unchanged.Summary.ShouldStartWith("clients.csv is unchanged since the import of ");
        unchanged.Summary.ShouldContain("which left nothing to do; not read again (the 'import' command reads it anyway). That import: Import of clients.csv: 1 created");
        h.Portal.Faults.Status().Calls.ShouldBe(calls, "the portal was not asked");

        // A changed export is read: the new client is created, the first one is already there.
        h.Write("clients.csv", $"""
            {Header}
            Bakkerij Jansen BV,11111111,,,,,,,,,,,,
            Slagerij Pietersen BV,22222222,,,,,,,,,,,,
            """);
        var changed = await task.RunAsync(CancellationToken.None);
        changed.Summary.ShouldBe("Import of clients.csv: 1 already present, 1 created");
        (await h.ClientByKvkAsync("22222222")).Name.ShouldBe("Slagerij Pietersen BV");
    }

    [Fact]
    [Trait("Req", "PO-1")]
    [Trait("Req", "OF-2")]
    public async Task An_export_with_an_invalid_line_is_read_again_at_every_run_so_its_instruction_stays()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", $"""
            {Header}
            Fout BV,1234,,,,,,,,,,,,
            """);
        var task = (ISyncTask)h.Create(h.Settings());

        (await task.RunAsync(CancellationToken.None)).Kind.ShouldBe(SyncResultKind.NeedsInstruction);
        var again = await task.RunAsync(CancellationToken.None);

        again.Kind.ShouldBe(SyncResultKind.NeedsInstruction);
        again.Instruction!.Text.ShouldContain("line 2: KvK number '1234' has 4 digits, not 8");
    }

    internal static ImportColumns Only(string name, string kvk) => new()
    {
        Name = name, KvkNumber = kvk, HiddenId = "", Address = "", PostalCode = "", City = "", Email = "", Branch = "", Group = "",
        Token = "", UserLogin = "", UserFullName = "", UserEmail = "", UserMobile = "",
    };

    private static async Task<LoginResult> Login(ImportHarness h, string login, string password, string? code)
    {
        using var response = await h.Http.SendJsonAsync(HttpMethod.Post, "/control/login", new LoginInput(login, password, code));
        return await response.ReadJsonAsync<LoginResult>();
    }
}
