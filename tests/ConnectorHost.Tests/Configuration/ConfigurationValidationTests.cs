using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Configuration;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Configuration;

/// <summary>H-2: pipelines are defined in YAML and validated with precise errors, all at once.</summary>
[Trait("Req", "H-2")]
public sealed class ConfigurationValidationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string yaml)
    {
        var file = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(file, yaml.ReplaceLineEndings("\n"));
        return file;
    }

    private static HostConfiguration Load(string file, Func<string, string?>? environment = null) =>
        ConfigurationLoader.Complete(ConfigurationLoader.Parse(file, environment ?? (_ => null)), TestComponents.All);

    private IReadOnlyList<ConfigError> Errors(string yaml, Func<string, string?>? environment = null) =>
        Should.Throw<ConfigurationException>(() => Load(Write(yaml), environment)).Errors;

    private const string Valid = """
        host:
          dataFolder: data
        pipelines:
          - name: docs
            every: 5m
            source:
              type: test.source
              settings:
                folder: in
                intervalMinutes: 10
                mappings:
                  - source: pdf
                    matchBy: HiddenId
                    dateFrom: 2024-01-01
            target:
              type: test.target
          - name: sync
            cron: "*/5 * * * *"
            task:
              type: test.task
              settings:
                workers: 4
        """;

    [Fact]
    public void A_valid_file_binds_typed_settings_with_defaults()
    {
        var configuration = Load(Write(Valid));

        configuration.Pipelines.Count.ShouldBe(2);
        var docs = configuration.Pipelines[0];
        docs.Schedule.ShouldBe(new EverySchedule(TimeSpan.FromMinutes(5)));
        var source = docs.Source!.Settings.ShouldBeOfType<TestComponents.SourceSettings>();
        source.Folder.ShouldBe("in");
        source.IntervalMinutes.ShouldBe(10);
        source.Mappings.Single().MatchBy.ShouldBe(ClientNumberKind.HiddenId);
        source.Mappings.Single().DateFrom.ShouldBe(new DateOnly(2024, 1, 1));
        docs.Target!.Settings.ShouldBeOfType<TestComponents.TargetSettings>().Notifications.ShouldBeTrue();
        configuration.Pipelines[1].Schedule.ShouldBeOfType<CronSchedule>().Text.ShouldBe("*/5 * * * *");
        configuration.Pipelines[1].Task!.Settings.ShouldBeOfType<TestComponents.TaskSettings>().Workers.ShouldBe(4);
        configuration.DataFolder.ShouldBe(_folder.Combine("data"));
    }

    [Fact]
    public void Manual_is_a_schedule_of_its_own_and_cannot_be_combined_with_every()
    {
        Load(Write(Valid.Replace("every: 5m", "manual: true", StringComparison.Ordinal))).Pipelines[0].Schedule.ShouldBeOfType<ManualSchedule>();

        var error = Errors(Valid.Replace("every: 5m", "every: 5m\n    manual: true", StringComparison.Ordinal)).ShouldHaveSingleItem();
        error.Message.ShouldContain("give one of 'every', 'cron' and 'manual: true', not several");
        error.Path.ShouldBe("pipelines[0].manual");
    }

    [Fact]
    public void An_unknown_key_is_reported_at_its_line_and_column_with_a_did_you_mean()
    {
        var errors = Errors(Valid.Replace("intervalMinutes: 10", "intervalMinuts: 10", StringComparison.Ordinal));

        var error = errors.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((10, 9));
        error.Path.ShouldBe("pipelines[0].source.settings.intervalMinuts");
        error.Message.ShouldContain("unknown setting 'intervalMinuts'");
        error.Hint.ShouldNotBeNull().ShouldContain("Did you mean 'intervalMinutes'?");
        error.ToString().ShouldStartWith("connectorhost.yaml:10:9: error:");
    }

    [Fact]
    public void A_wrong_type_is_reported_at_the_value()
    {
        var error = Errors(Valid.Replace("intervalMinutes: 10", "intervalMinutes: often", StringComparison.Ordinal)).ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((10, 26));
        error.Message.ShouldBe("expected a whole number, got 'often'");
    }

    [Fact]
    public void A_value_out_of_range_names_the_range()
    {
        var error = Errors(Valid.Replace("workers: 4", "workers: 40", StringComparison.Ordinal)).ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((22, 18));
        error.Message.ShouldContain("'workers' must be between 1 and 16");
        error.Message.ShouldContain("got 40");
    }

    [Fact]
    public void An_unknown_component_type_lists_the_known_types_of_its_kind()
    {
        var error = Errors(Valid.Replace("type: test.task", "type: test.tsk", StringComparison.Ordinal)).ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((20, 13));
        error.Message.ShouldBe("unknown component type 'test.tsk'");
        error.Hint.ShouldNotBeNull().ShouldContain("Did you mean 'test.task'?");
        error.Hint.ShouldContain("Known: test.task.");
    }

    [Fact]
    public void A_component_of_the_wrong_kind_is_refused()
    {
        var error = Errors(Valid.Replace("type: test.target", "type: test.task", StringComparison.Ordinal)).ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((16, 13));
        error.Message.ShouldBe("'test.task' is a sync task, not a accordeer target");
    }

    [Fact]
    public void A_missing_required_setting_is_reported_at_its_block()
    {
        var error = Errors(Valid.Replace("        folder: in\n", string.Empty, StringComparison.Ordinal)).ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((9, 9));
        error.Path.ShouldBe("pipelines[0].source.settings.folder");
        error.Message.ShouldBe("missing required setting 'folder'");
        error.Hint.ShouldBe("The folder.");
    }

    [Fact]
    public void A_missing_required_setting_inside_a_list_item_names_the_item()
    {
        var error = Errors(Valid.Replace("- source: pdf", "- matchBy: KvK", StringComparison.Ordinal).Replace("            matchBy: HiddenId\n", string.Empty, StringComparison.Ordinal)).ShouldHaveSingleItem();

        error.Path.ShouldBe("pipelines[0].source.settings.mappings[0].source");
        (error.Line, error.Column).ShouldBe((12, 13));
    }

    [Fact]
    public void A_duplicate_pipeline_name_points_at_the_second_and_names_the_first()
    {
        var error = Errors(Valid.Replace("name: sync", "name: docs", StringComparison.Ordinal)).ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((17, 11));
        error.Message.ShouldBe("duplicate pipeline name 'docs'");
        error.Hint.ShouldNotBeNull().ShouldContain("line 4");
    }

    [Fact]
    public void An_unresolved_reference_names_the_variable()
    {
        var yaml = Valid.Replace("folder: in", "folder: in\n        password: ${CH_TEST_PASSWORD}", StringComparison.Ordinal);

        var error = Errors(yaml).ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((10, 19));
        error.Message.ShouldContain("the environment variable CH_TEST_PASSWORD referenced by ${CH_TEST_PASSWORD} is not set");
    }

    [Fact]
    public void References_resolve_from_the_environment_and_from_files_after_parsing()
    {
        File.WriteAllText(_folder.Combine("secret.txt"), "s3cr#t from file\n");
        var yaml = Valid.Replace("folder: in", "folder: ${file:secret.txt}\n        password: \"${CH_PASSWORD}\"", StringComparison.Ordinal);

        var configuration = Load(Write(yaml), name => name == "CH_PASSWORD" ? "pa#ss: word" : null);

        var settings = configuration.Pipelines[0].Source!.Settings.ShouldBeOfType<TestComponents.SourceSettings>();
        settings.Folder.ShouldBe("s3cr#t from file");
        settings.Password.ShouldBe("pa#ss: word");
        configuration.SecretValues.ShouldContain("pa#ss: word");
    }

    [Fact]
    public void A_wrong_enum_value_lists_the_allowed_values()
    {
        var error = Errors(Valid.Replace("matchBy: HiddenId", "matchBy: Postcode", StringComparison.Ordinal)).ShouldHaveSingleItem();

        (error.Line, error.Column).ShouldBe((13, 22));
        error.Hint.ShouldNotBeNull().ShouldContain("KvK, HiddenId");
    }

    [Fact]
    public void A_pipeline_without_a_schedule_or_with_both_kinds_of_component_is_refused()
    {
        var yaml = Valid.Replace("    every: 5m\n", string.Empty, StringComparison.Ordinal)
            .Replace("    cron: \"*/5 * * * *\"\n    task:", "    cron: \"*/5 * * * *\"\n    source:\n      type: test.source\n      settings: { folder: x }\n    task:", StringComparison.Ordinal);

        var errors = Errors(yaml);

        errors.Count.ShouldBe(2);
        errors[0].Message.ShouldContain("no schedule");
        errors[1].Message.ShouldContain("either 'source' + 'target' (documents) or 'task'");
    }

    [Fact]
    public void Bad_cron_and_bad_durations_are_reported()
    {
        var yaml = Valid.Replace("every: 5m", "every: 5 minutes", StringComparison.Ordinal).Replace("*/5 * * * *", "*/5 * *", StringComparison.Ordinal);

        var errors = Errors(yaml);

        errors.Count.ShouldBe(2);
        errors[0].Message.ShouldStartWith("expected a duration");
        (errors[0].Line, errors[0].Column).ShouldBe((5, 12));
        errors[1].Message.ShouldStartWith("not a valid cron expression");
        (errors[1].Line, errors[1].Column).ShouldBe((18, 11));
    }

    [Fact]
    public void Every_error_is_reported_at_once_in_file_order()
    {
        var yaml = Valid
            .Replace("dataFolder: data", "dataFoldr: data", StringComparison.Ordinal)
            .Replace("intervalMinutes: 10", "intervalMinutes: 0", StringComparison.Ordinal)
            .Replace("type: test.target", "type: nope.target", StringComparison.Ordinal)
            .Replace("name: sync", "name: docs", StringComparison.Ordinal);

        var errors = Errors(yaml);

        errors.Select(e => e.Line).ShouldBe([2, 10, 16, 17]);
        errors[0].Hint.ShouldNotBeNull().ShouldContain("Did you mean 'dataFolder'?");
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_position()
    {
        var error = Errors("host:\n  dataFolder: [unclosed\npipelines: []\n").ShouldHaveSingleItem();

        error.Line.ShouldBeGreaterThanOrEqualTo(2);
        error.Message.ShouldStartWith("not valid YAML");
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        var error = Should.Throw<ConfigurationException>(() => Load(_folder.Combine("nope.yaml"))).Errors.ShouldHaveSingleItem();

        error.Message.ShouldContain("does not exist");
    }
}
