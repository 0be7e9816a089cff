using ConnectorHost.Mail;

using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Mail;

public sealed class MailTemplateErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    [Trait("Req", "H-3")]
    public void A_syntax_error_names_the_file_line_and_column()
    {
        _folder.WriteTemplate("broken", "subject", "Subject");
        //                                                                   col 22 is the `}}` after the `+`
        var file = _folder.WriteTemplate("broken", "text", "Line one\nLine two\nDossier {{ dossier + }}\n");

        var error = Should.Throw<MailTemplateException>(() => Greeting.Renderer(_folder).Render("broken", new { Dossier = "D1" }));

        error.TemplateFile.ShouldBe(file);
        error.Line.ShouldBe(3);
        error.Column.ShouldBe(22);
        error.Message.ShouldStartWith($"{file}(3,22): error: ");
        error.Message.ShouldContain("Fix the template file and save it");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void Calling_an_unknown_function_names_the_file_line_and_column_at_render_time()
    {
        _folder.WriteTemplate("unknownfn", "subject", "Subject");
        var file = _folder.WriteTemplate("unknownfn", "html", "<p>\n  {{ no_such_function 42 }}\n</p>");
        _folder.WriteTemplate("unknownfn", "text", "fine");

        var error = Should.Throw<MailTemplateException>(() => Greeting.Renderer(_folder).Render("unknownfn", new { Dossier = "D1" }));

        error.TemplateFile.ShouldBe(file);
        error.Line.ShouldBe(2);
        error.Column.ShouldBe(6);
        error.Message.ShouldStartWith($"{file}(2,6): error: ");
        error.Message.ShouldContain("no_such_function");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void A_misspelt_variable_is_an_error_not_an_empty_string()
    {
        var file = _folder.WriteTemplate("typo", "subject", "Dossier {{ dosier }}");
        _folder.WriteTemplate("typo", "text", "fine");

        var error = Should.Throw<MailTemplateException>(() => Greeting.Renderer(_folder).Render("typo", new { Dossier = "D1" }));

        error.Message.ShouldStartWith($"{file}(1,12): error: ");
        error.Message.ShouldContain("dosier");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void A_missing_template_names_the_files_looked_for()
    {
        var renderer = Greeting.Renderer(_folder);

        var error = Should.Throw<MailTemplateException>(() => renderer.Render("instruction-created", new { }));

        var subject = _folder.Combine("instruction-created.subject.scriban");
        var text = _folder.Combine("instruction-created.text.scriban");
        error.Message.ShouldContain(subject);
        error.Message.ShouldContain(text);
        error.TemplateFile.ShouldBe(subject);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void A_template_missing_only_its_text_file_names_that_file()
    {
        _folder.WriteTemplate("half", "subject", "Subject");

        var error = Should.Throw<MailTemplateException>(() => Greeting.Renderer(_folder).Render("half", new { }));

        error.Message.ShouldContain(_folder.Combine("half.text.scriban"));
        error.Message.ShouldNotContain(_folder.Combine("half.subject.scriban"));
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void A_syntax_error_in_an_included_file_names_the_included_file()
    {
        var included = _folder.Combine("part.scriban");
        File.WriteAllText(included, "ok\nbad {{ 1 + }}");
        _folder.WriteTemplate("includer", "subject", "s");
        _folder.WriteTemplate("includer", "text", "{{ include 'part' }}");

        var error = Should.Throw<MailTemplateException>(() => Greeting.Renderer(_folder).Render("includer", new { }));

        error.TemplateFile.ShouldBe(included);
        error.Line.ShouldBe(2);
        error.Column.ShouldBe(12);
    }

    [Theory]
    [Trait("Req", "H-3")]
    [InlineData("../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../outside")]
    public void Include_from_outside_the_templates_folder_is_refused(string include)
    {
        var templates = Directory.CreateDirectory(_folder.Combine("templates")).FullName;
        File.WriteAllText(_folder.Combine("outside.scriban"), "SECRET");
        File.WriteAllText(Path.Combine(templates, "escape.subject.scriban"), "s");
        var file = Path.Combine(templates, "escape.text.scriban");
        File.WriteAllText(file, $"x {{{{ include '{include}' }}}}");

        var error = Should.Throw<MailTemplateException>(
            () => new ScribanMailRenderer(new MailTemplateStore(templates)).Render("escape", new { }));

        error.TemplateFile.ShouldBe(file);
        error.Line.ShouldBe(1);
        error.Column.ShouldBe(6);
        error.Message.ShouldContain("refused");
        error.Message.ShouldNotContain("SECRET");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void Include_through_a_link_that_leads_out_of_the_templates_folder_is_refused()
    {
        var templates = Directory.CreateDirectory(_folder.Combine("templates")).FullName;
        var outside = Directory.CreateDirectory(_folder.Combine("elsewhere")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.scriban"), "SECRET");
        Directory.CreateSymbolicLink(Path.Combine(templates, "linked"), outside);
        File.WriteAllText(Path.Combine(templates, "viaLink.subject.scriban"), "s");
        File.WriteAllText(Path.Combine(templates, "viaLink.text.scriban"), "{{ include 'linked/secret' }}");

        var error = Should.Throw<MailTemplateException>(
            () => new ScribanMailRenderer(new MailTemplateStore(templates)).Render("viaLink", new { }));

        error.Message.ShouldContain("outside the templates folder");
    }
}
