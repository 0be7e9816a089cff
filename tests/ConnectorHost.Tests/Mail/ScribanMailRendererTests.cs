using ConnectorHost.Mail;

using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Mail;

public sealed class ScribanMailRendererTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    [Trait("Req", "H-3")]
    public void Renders_subject_text_and_html_against_the_model_in_snake_case_as_model_and_top_level()
    {
        Greeting.WriteAll(_folder);

        var mail = Greeting.Renderer(_folder).Render(Greeting.Name, Greeting.Model);

        mail.Subject.ShouldBe(Greeting.ExpectedSubject);
        mail.Text.ShouldBe(Greeting.ExpectedText);
        mail.Html.ShouldBe(Greeting.ExpectedHtml);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void Html_is_null_when_the_template_has_no_html_file()
    {
        Greeting.WriteAll(_folder, html: false);

        var mail = Greeting.Renderer(_folder).Render(Greeting.Name, Greeting.Model);

        mail.Html.ShouldBeNull();
        mail.Text.ShouldBe(Greeting.ExpectedText);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void A_model_property_named_like_a_builtin_is_only_under_model_so_the_builtin_keeps_working()
    {
        _folder.WriteTemplate("shadow", "subject", "s");
        _folder.WriteTemplate("shadow", "text", "{{ model.date }} / {{ date.to_string model.created_at '%Y' }} / {{ html.escape model.string }}");

        var mail = Greeting.Renderer(_folder).Render("shadow", new { Date = "today", String = "a<b", CreatedAt = new DateTime(2026, 1, 2) });

        mail.Text.ShouldBe("today / 2026 / a&lt;b");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void A_dictionary_model_is_seen_with_its_keys_as_written()
    {
        _folder.WriteTemplate("dict", "subject", "{{ model.Dossier }}");
        _folder.WriteTemplate("dict", "text", "{{ Dossier }}-{{ amount }}");

        var mail = Greeting.Renderer(_folder).Render("dict", new Dictionary<string, object?> { ["Dossier"] = "D-7", ["amount"] = 3 });

        mail.Subject.ShouldBe("D-7");
        mail.Text.ShouldBe("D-7-3");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void Include_reads_a_file_from_the_templates_folder()
    {
        File.WriteAllText(_folder.Combine("footer.text.scriban"), "-- {{ name }}");
        _folder.WriteTemplate("withfooter", "subject", "s");
        _folder.WriteTemplate("withfooter", "text", "Body\n{{ include 'footer.text' }}");

        var mail = Greeting.Renderer(_folder).Render("withfooter", Greeting.Model);

        mail.Text.ShouldBe("Body\n-- Jansen & Zn <BV>");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void An_edited_template_file_is_picked_up_without_restarting()
    {
        Greeting.WriteAll(_folder);
        var renderer = Greeting.Renderer(_folder);
        renderer.Render(Greeting.Name, Greeting.Model).Text.ShouldBe(Greeting.ExpectedText);

        // An admin edits the file while the host runs. The write time is set explicitly so that the test does not
        // depend on the file system's time resolution.
        var textFile = renderer.Store.PathOf(Greeting.Name, "text");
        var before = File.GetLastWriteTimeUtc(textFile);
        File.WriteAllText(textFile, "Beste {{ name }}");
        File.SetLastWriteTimeUtc(textFile, before.AddMinutes(1));

        renderer.Render(Greeting.Name, Greeting.Model).Text.ShouldBe("Beste Jansen & Zn <BV>");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void A_broken_edit_fails_and_the_fixed_file_renders_again()
    {
        Greeting.WriteAll(_folder);
        var renderer = Greeting.Renderer(_folder);
        renderer.Render(Greeting.Name, Greeting.Model);
        var textFile = renderer.Store.PathOf(Greeting.Name, "text");
        var time = File.GetLastWriteTimeUtc(textFile);

        File.WriteAllText(textFile, "Beste {{ name + }}");
        File.SetLastWriteTimeUtc(textFile, time.AddMinutes(1));
        Should.Throw<MailTemplateException>(() => renderer.Render(Greeting.Name, Greeting.Model));

        File.WriteAllText(textFile, "Beste {{ name }}!");
        File.SetLastWriteTimeUtc(textFile, time.AddMinutes(2));
        renderer.Render(Greeting.Name, Greeting.Model).Text.ShouldBe("Beste Jansen & Zn <BV>!");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void An_unchanged_file_is_not_parsed_again()
    {
        Greeting.WriteAll(_folder);
        var store = new MailTemplateStore(_folder.Path);

        var first = store.Get(Greeting.Name);
        var second = store.Get(Greeting.Name);

        second.Text.Template.ShouldBeSameAs(first.Text.Template);
        second.Html.ShouldNotBeNull().Template.ShouldBeSameAs(first.Html!.Template);
    }

    [Theory]
    [Trait("Req", "H-3")]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData("")]
    public void A_template_name_that_is_a_path_is_refused(string name)
    {
        Should.Throw<ArgumentException>(() => Greeting.Renderer(_folder).Render(name, Greeting.Model));
    }
}
