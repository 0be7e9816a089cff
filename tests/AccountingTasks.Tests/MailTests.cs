using ConnectorHost.Sandbox.AccountingPlatform;
using ConnectorHost.Tests.Mail;

namespace ConnectorHost.Plugins.AccountingTasks.Tests;

public sealed class MailTests
{
    [Fact]
    [Trait("Req", "AT-7")]
    public async Task One_mail_goes_out_for_each_new_instruction_and_only_once()
    {
        using var smtp = new SmtpServerFixture();
        await using var kit = await TestKit.StartAsync(new DateTimeOffset(2026, 3, 3, 9, 30, 0, TimeSpan.Zero), smtp);
        kit.Deliver("A1", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(date: "2023-12-15"), 1);
        kit.Deliver("B1", TaskKinds.ProcessBookingProposal, "B", Payloads.Booking(), 2);
        kit.Deliver("C1", TaskKinds.ProcessBookingProposal, "C", Payloads.Booking(), 3);
        kit.Sandbox.AddFailure(new FailureRule(FailureCauses.WrongPeriod, Dossier: "A"));
        kit.Sandbox.AddFailure(new FailureRule(FailureCauses.DatabaseError, Dossier: "B"));
        var connector = kit.Connector();

        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldEndWith("2 failed with an instruction, 2 instruction mails");

        var mails = kit.Mails();
        mails.Count.ShouldBe(2);
        var a = mails.Single(m => m.Subject == "[orange] Action needed for dossier A");
        a.To.ToString().ShouldBe("administratie@kantoor.example");
        Body(a).ShouldContain("Boekjaar 2023 is afgesloten in het boekhoudpakket: heropen de periode of wijzig de boekingsdatum.");
        Body(a).ShouldContain("Created:  03-03-2026 10:30"); // 09:30 UTC is 10:30 in the office (Europe/Amsterdam, winter time)
        Body(a).ShouldContain("Cause:    wrong-period");
        Body(mails.Single(m => m.Subject == "[red] Support needed for dossier B")).ShouldContain("Forward this mail to support.");

        kit.Clock.Advance(TimeSpan.FromMinutes(5));
        (await connector.RunAsync(CancellationToken.None)).Summary.ShouldEndWith("0 instruction mails");
        kit.Mails().Count.ShouldBe(2);
    }

    [Fact]
    [Trait("Req", "AT-7")]
    public async Task The_mail_goes_to_the_configured_recipients()
    {
        using var smtp = new SmtpServerFixture();
        await using var kit = await TestKit.StartAsync(smtp: smtp);
        kit.Deliver("A1", TaskKinds.ProcessBookingProposal, "A", Payloads.Booking(), 1);
        kit.Sandbox.AddFailure(new FailureRule(FailureCauses.WrongJournal, Dossier: "A"));
        var settings = kit.Settings();
        settings.MailTo = ["boekhouding@kantoor.example", "support@kantoor.example"];

        await kit.Connector(settings).RunAsync(CancellationToken.None);

        kit.Mails().ShouldHaveSingleItem().To.Mailboxes.Select(m => m.Address).ShouldBe(["boekhouding@kantoor.example", "support@kantoor.example"]);
    }

    [Fact]
    [Trait("Req", "AT-8")]
    public async Task Seed_scenario_1_on_monday_20_november_an_oldest_instruction_of_16_november_gives_no_reminder()
    {
        using var smtp = new SmtpServerFixture();
        await using var kit = await TestKit.StartAsync(At(16, 14), smtp);
        await FailAsync(kit, "A1", "A");

        kit.Clock.SetUtcNow(At(20, 7));
        await kit.Connector().RunAsync(CancellationToken.None);

        Reminders(kit).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "AT-8")]
    public async Task Seed_scenario_2_on_monday_20_november_instructions_of_15_and_19_november_give_one_reminder_listing_both()
    {
        using var smtp = new SmtpServerFixture();
        await using var kit = await TestKit.StartAsync(At(15, 16), smtp);
        await FailAsync(kit, "B1", "B");
        kit.Clock.SetUtcNow(At(19, 10));
        // Our queue blocks a dossier at its first failure, so the second open instruction is of another dossier.
        await FailAsync(kit, "C1", "C");

        kit.Clock.SetUtcNow(At(20, 7));
        var connector = kit.Connector();
        await connector.RunAsync(CancellationToken.None);

        var reminder = Reminders(kit).ShouldHaveSingleItem();
        reminder.Subject.ShouldBe("Reminder: 2 open instructions");
        Body(reminder).ShouldContain("Open instructions on 20-11-2023: 2");
        Body(reminder).ShouldContain("- Dossier B (orange, since 15-11-2023)");
        Body(reminder).ShouldContain("- Dossier C (orange, since 19-11-2023)");
        Body(reminder).IndexOf("Dossier B", StringComparison.Ordinal).ShouldBeLessThan(Body(reminder).IndexOf("Dossier C", StringComparison.Ordinal));

        // Once per reminder day; not on the Monday in between; again two weeks later while they are still open.
        kit.Clock.SetUtcNow(At(20, 15));
        await connector.RunAsync(CancellationToken.None);
        Reminders(kit).Count.ShouldBe(1);
        kit.Clock.SetUtcNow(At(27, 7));
        await connector.RunAsync(CancellationToken.None);
        Reminders(kit).Count.ShouldBe(1);
        kit.Clock.SetUtcNow(new DateTimeOffset(2023, 12, 4, 7, 0, 0, TimeSpan.Zero));
        await connector.RunAsync(CancellationToken.None);
        Reminders(kit).Count.ShouldBe(2);
    }

    [Fact]
    [Trait("Req", "AT-8")]
    public async Task No_reminder_without_open_instructions_nor_on_other_days()
    {
        using var smtp = new SmtpServerFixture();
        await using var kit = await TestKit.StartAsync(At(1, 9), smtp);
        await FailAsync(kit, "A1", "A");
        var connector = kit.Connector();
        foreach (var day in new[] { 13, 14 }) // a Monday off the two-week rhythm, a Tuesday
        {
            kit.Clock.SetUtcNow(At(day, 9));
            await connector.RunAsync(CancellationToken.None);
        }

        Reminders(kit).ShouldBeEmpty();

        var open = (await kit.Store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldHaveSingleItem();
        await kit.Store.Tasks.CancelAsync(open.TaskId!.Value, "boekhouder", CancellationToken.None);
        kit.Clock.SetUtcNow(At(20, 9)); // a reminder Monday, but nothing is open any more
        await connector.RunAsync(CancellationToken.None);
        Reminders(kit).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "AT-8")]
    public void The_first_reminder_date_must_be_a_monday()
    {
        var settings = new TaskQueueSettings { PlatformUrl = new Uri("http://127.0.0.1:1/"), Office = "o", ApiKey = "k", FirstReminderDate = new DateOnly(2023, 11, 21) };
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(settings, new(settings), errors, validateAllProperties: true).ShouldBeFalse();

        errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("firstReminderDate 2023-11-21 is a Tuesday; the reminder goes out on Mondays, so give a Monday.");
    }

    [Theory]
    [Trait("Req", "AT-8")]
    [InlineData("2026-03-16", "2026-03-24T23:30:00Z", "2026-03-29T21:59:00Z", "2026-03-29T22:00:00Z", "25-03-2026")] // summer time starts Sunday 29 March
    [InlineData("2026-10-12", "2026-10-20T22:30:00Z", "2026-10-25T22:59:00Z", "2026-10-25T23:00:00Z", "21-10-2026")] // winter time starts Sunday 25 October
    public async Task The_reminder_Monday_starts_at_midnight_in_the_office_time_zone_across_a_change_of_summer_time(
        string firstReminderDate, string instructionAt, string sundayLastMinute, string mondayMidnight, string instructionDay)
    {
        using var smtp = new SmtpServerFixture();
        await using var kit = await TestKit.StartAsync(DateTimeOffset.Parse(instructionAt, System.Globalization.CultureInfo.InvariantCulture), smtp);
        var settings = kit.Settings();
        settings.FirstReminderDate = DateOnly.Parse(firstReminderDate, System.Globalization.CultureInfo.InvariantCulture);
        settings.OfficeTimeZone.ShouldBe("Europe/Amsterdam", "the default");
        // Made just after midnight in Amsterdam, on the day before in UTC: its age counts from the office's day.
        await FailAsync(kit, "A1", "A", settings);
        var connector = kit.Connector(settings);

        kit.Clock.SetUtcNow(DateTimeOffset.Parse(sundayLastMinute, System.Globalization.CultureInfo.InvariantCulture));
        await connector.RunAsync(CancellationToken.None);
        Reminders(kit).ShouldBeEmpty("it is still Sunday in Amsterdam");

        kit.Clock.SetUtcNow(DateTimeOffset.Parse(mondayMidnight, System.Globalization.CultureInfo.InvariantCulture));
        await connector.RunAsync(CancellationToken.None);
        var reminder = Reminders(kit).ShouldHaveSingleItem("it is Monday 00:00 in Amsterdam, still Sunday in UTC");
        Body(reminder).ShouldContain($"- Dossier A (orange, since {instructionDay})");
    }

    [Fact]
    [Trait("Req", "AT-8")]
    public async Task An_instruction_made_after_midnight_in_the_office_is_four_days_old_on_the_reminder_Monday_and_gives_no_reminder()
    {
        using var smtp = new SmtpServerFixture();
        // Thursday 22 October 00:30 in Amsterdam (summer time), Wednesday 21 October 22:30 in UTC.
        await using var kit = await TestKit.StartAsync(new DateTimeOffset(2026, 10, 21, 22, 30, 0, TimeSpan.Zero), smtp);
        var settings = kit.Settings();
        settings.FirstReminderDate = new DateOnly(2026, 10, 12);
        await FailAsync(kit, "A1", "A", settings);

        kit.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero)); // Monday 26 October, 10:00 in Amsterdam
        await kit.Connector(settings).RunAsync(CancellationToken.None);

        Reminders(kit).ShouldBeEmpty("22 October to 26 October is 4 days in the office, though 5 in UTC");
    }

    [Fact]
    public void An_unknown_office_time_zone_is_refused_naming_it()
    {
        var settings = new TaskQueueSettings { PlatformUrl = new Uri("http://127.0.0.1:1/"), Office = "o", ApiKey = "k", FirstReminderDate = new DateOnly(2023, 11, 20), OfficeTimeZone = "Europe/Amstredam" };
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(settings, new(settings), errors, validateAllProperties: true).ShouldBeFalse();

        errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe(
            "officeTimeZone 'Europe/Amstredam' is not a time zone this machine knows; give an IANA id such as Europe/Amsterdam or Europe/Brussels.");
    }

    private static string Body(MimeKit.MimeMessage mail) => mail.TextBody.ShouldNotBeNull();

    private static DateTimeOffset At(int november, int hour) => new(2023, 11, november, hour, 0, 0, TimeSpan.Zero);

    private static List<MimeKit.MimeMessage> Reminders(TestKit kit) =>
        [.. kit.Mails().Where(m => (m.Subject ?? string.Empty).StartsWith("Reminder:", StringComparison.Ordinal))];

    /// <summary>Delivers one task that fails with a wrong period now, and runs the connector.</summary>
    private static async Task FailAsync(TestKit kit, string id, string dossier, TaskQueueSettings? settings = null)
    {
        kit.Deliver(id, TaskKinds.ProcessBookingProposal, dossier, Payloads.Booking(date: "2022-06-30"));
        kit.Sandbox.AddFailure(new FailureRule(FailureCauses.WrongPeriod, TaskId: id));
        await kit.Connector(settings).RunAsync(CancellationToken.None);
    }
}
