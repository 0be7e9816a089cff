using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Configuration;

namespace ConnectorHost.Plugins.Certipost.Tests;

/// <summary>The components' settings as the host binds them from YAML.</summary>
public sealed class SettingsTests : IDisposable
{
    private static readonly IComponentFactory[] Factories = [new EnrolTaskFactory(), new DailyTaskFactory()];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "connectorhost-certipost-settings", Guid.NewGuid().ToString("N"));

    public SettingsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private HostConfiguration Load(string pipelines)
    {
        var file = Path.Combine(_folder, "connectorhost.yaml");
        File.WriteAllText(file, ("host:\n  dataFolder: data\npipelines:\n" + pipelines).ReplaceLineEndings("\n"));
        return ConfigurationLoader.Complete(ConfigurationLoader.Parse(file, name => name == "CERTIPOST_KEY" ? "k-123" : null), Factories);
    }

    [Fact]
    public void The_YAML_binds_onto_the_settings_with_their_defaults()
    {
        var configuration = Load("""
              - name: certipost-enrol
                every: 1h
                task:
                  type: certipost.enrol
                  settings:
                    source:
                      path: export/relaties.csv
                      delimiter: tab
                      columns:
                        email: E-mail
                    certipost:
                      baseUrl: http://127.0.0.1:5190/
                      apiKey: ${CERTIPOST_KEY}
                    mandatoryFields: [Name, Email]
              - name: certipost-daily
                cron: "0 7 * * *"
                task:
                  type: certipost.daily
                  settings:
                    certipost:
                      baseUrl: http://127.0.0.1:5190/
                      apiKey: ${CERTIPOST_KEY}
            """);

        var enrol = (EnrolTaskSettings)configuration.Pipelines[0].Task!.Settings;
        enrol.Source!.Kind.ShouldBe(RelationSourceKind.Csv);
        enrol.Source.Delimiter.ShouldBe("tab");
        enrol.Source.Columns.Email.ShouldBe("E-mail");
        enrol.Source.Columns.Number.ShouldBe("Nummer");
        enrol.Source.AdmittedStatuses.ShouldBe(["Toegelaten"]);
        enrol.Certipost!.ApiKey.ShouldBe("k-123");
        enrol.MandatoryFields.ShouldBe([RelationField.Name, RelationField.Email]);
        enrol.AutoSend.ShouldBeFalse();
        var daily = (DailyTaskSettings)configuration.Pipelines[1].Task!.Settings;
        daily.ConfirmationExpectedWithin.ShouldBe(TimeSpan.FromDays(2));
        configuration.SecretValues.ShouldContain("k-123");
    }

    [Fact]
    public void Missing_or_inconsistent_settings_are_reported_with_their_path()
    {
        var errors = Should.Throw<ConfigurationException>(() => Load("""
              - name: certipost-enrol
                every: 1h
                task:
                  type: certipost.enrol
                  settings:
                    source:
                      kind: Sql
                      query: SELECT 1
                    mandatoryFields: [Name, Telefoon]
              - name: certipost-csv
                every: 1h
                task:
                  type: certipost.enrol
                  settings:
                    source:
                      delimiter: ";;"
                    certipost:
                      baseUrl: http://127.0.0.1:5190/
                      apiKey: k
            """)).Errors;

        errors.ShouldContain(e => e.Path.EndsWith("source.connectionString", StringComparison.Ordinal) && e.Message.Contains("required when kind is Sql", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Path.EndsWith("settings.certipost", StringComparison.Ordinal) && e.Message.Contains("missing required setting", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Path.EndsWith("mandatoryFields[1]", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Path.EndsWith("source.path", StringComparison.Ordinal) && e.Message.Contains("required when kind is Csv", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Path.EndsWith("source.delimiter", StringComparison.Ordinal) && e.Message.Contains("one character", StringComparison.Ordinal));
    }
}
