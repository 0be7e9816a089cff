using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Mail;

using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Mail;

/// <summary>The checked-in templates in config/templates render against the models the host sends.</summary>
public sealed class DefaultTemplatesTests
{
    private static readonly DateTime Created = new(2026, 11, 23, 14, 30, 0);

    private static ScribanMailRenderer Renderer() =>
        new(new MailTemplateStore(Path.Combine(RepoRoot.Find(), "config", "templates")));

    [Theory]
    [Trait("Req", "H-3")]
    [InlineData(InstructionSeverity.Orange, "[orange] Action needed for dossier Bakkerij <De Vries> & Zn", "ORANGE: the office can fix this")]
    [InlineData(InstructionSeverity.Red, "[red] Support needed for dossier Bakkerij <De Vries> & Zn", "RED: support must step in")]
    public void Instruction_created_renders(InstructionSeverity severity, string subject, string opening)
    {
        var instruction = new Instruction("Bakkerij <De Vries> & Zn", severity, "Upload the 2025 annual accounts again:\nthe period is wrong.", "wrong-period");

        var mail = Renderer().Render(MailTemplates.InstructionCreated, InstructionCreatedMail.From(instruction, Created));

        mail.Subject.ShouldBe(subject);
        mail.Text.ShouldStartWith(opening);
        mail.Text.ShouldContain("Created:  23-11-2026 14:30");
        mail.Text.ShouldContain("Cause:    wrong-period");
        mail.Text.ShouldContain("Upload the 2025 annual accounts again:\nthe period is wrong.");
        mail.Html.ShouldNotBeNull();
        mail.Html.ShouldContain("Bakkerij &lt;De Vries&gt; &amp; Zn");
        mail.Html.ShouldContain("again:<br />");
        mail.Html.ShouldNotContain("<De Vries>");
        AssertNoScribanLeft(mail);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void Instructions_reminder_renders_every_open_instruction()
    {
        var model = new InstructionsReminderMail(
            Created,
            [
                new InstructionCreatedMail("D-001", InstructionSeverity.Orange, "Check the KvK number.", "client-not-found", new DateTime(2026, 11, 1, 8, 0, 0)),
                new InstructionCreatedMail("D-002", InstructionSeverity.Red, "Certipost refuses the enrolment.", "enrol-refused", new DateTime(2026, 11, 20, 16, 45, 0)),
            ]);

        var mail = Renderer().Render(MailTemplates.InstructionsReminder, model);

        mail.Subject.ShouldBe("Reminder: 2 open instructions");
        mail.Text.ShouldStartWith("Open instructions on 23-11-2026: 2\n");
        mail.Text.ShouldContain("- Dossier D-001 (orange, since 01-11-2026)\n  Cause: client-not-found\n  Check the KvK number.\n");
        mail.Text.ShouldContain("- Dossier D-002 (red, since 20-11-2026)\n  Cause: enrol-refused\n  Certipost refuses the enrolment.\n");
        mail.Html.ShouldNotBeNull();
        mail.Html.ShouldContain("<td>D-002</td>");
        AssertNoScribanLeft(mail);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void Instructions_reminder_with_one_instruction_says_instruction()
    {
        var model = new InstructionsReminderMail(
            Created, [new InstructionCreatedMail("D-001", InstructionSeverity.Orange, "Check.", "c", Created)]);

        Renderer().Render(MailTemplates.InstructionsReminder, model).Subject.ShouldBe("Reminder: 1 open instruction");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void Document_finally_failed_renders()
    {
        var model = new DocumentFinallyFailedMail(
            "2025-jaarrekening <concept>.xbrl", "clientonline.folder", 10, "Client not found: KvK 12345678 & no hidden id", Created);

        var mail = Renderer().Render(MailTemplates.DocumentFinallyFailed, model);

        mail.Subject.ShouldBe("Document 2025-jaarrekening <concept>.xbrl failed 10 times: ConnectorHost stopped trying");
        mail.Text.ShouldContain("File:       2025-jaarrekening <concept>.xbrl\n");
        mail.Text.ShouldContain("Pipeline:   clientonline.folder\n");
        mail.Text.ShouldContain("Attempts:   10\n");
        mail.Text.ShouldContain("Last try:   23-11-2026 14:30\n");
        mail.Text.ShouldContain("Last error: Client not found: KvK 12345678 & no hidden id\n");
        mail.Text.ShouldContain("What to do:");
        mail.Html.ShouldNotBeNull();
        mail.Html.ShouldContain("2025-jaarrekening &lt;concept&gt;.xbrl");
        mail.Html.ShouldContain("KvK 12345678 &amp; no hidden id");
        AssertNoScribanLeft(mail);
    }

    private static void AssertNoScribanLeft(RenderedMail mail)
    {
        foreach (var part in new[] { mail.Subject, mail.Text, mail.Html ?? string.Empty })
        {
            part.ShouldNotContain("{{");
            part.ShouldNotContain("}}");
        }
    }
}
