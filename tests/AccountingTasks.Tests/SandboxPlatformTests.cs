using System.Net;
using System.Net.Http.Json;
using ConnectorHost.Sandbox.AccountingPlatform;

namespace ConnectorHost.Plugins.AccountingTasks.Tests;

/// <summary>The sandbox platform's wire protocol, as a connector and a test see it.</summary>
[Trait("Sandbox", "AccountingPlatform")]
public sealed class SandboxPlatformTests
{
    [Fact]
    public async Task The_platform_serves_pending_tasks_per_office_with_its_api_key_only_and_takes_results()
    {
        await using var platform = await SandboxPlatform.StartAsync(new SandboxPlatformOptions { MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.None });
        platform.BaseUrl.Host.ShouldBe("127.0.0.1");
        using var http = new HttpClient { BaseAddress = platform.BaseUrl };

        using (var created = await http.PostAsJsonAsync("control/offices/kantoor-demo/tasks", new TaskInput(TaskKinds.ActivateDossier, "D1", Payload: """{"dossierCode":"X"}""")))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        (await http.PostAsJsonAsync("control/offices/kantoor-demo/tasks", new TaskInput("make-coffee", "D1"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.GetAsync("api/offices/kantoor-demo/tasks?pending")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/offices/kantoor-demo/tasks?pending");
        request.Headers.Add("X-Api-Key", "demo-key");
        using var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var task = (await response.Content.ReadFromJsonAsync<List<PlatformTask>>()).ShouldNotBeNull().ShouldHaveSingleItem();
        task.Kind.ShouldBe(TaskKinds.ActivateDossier);
        task.Payload.ShouldBe("""{"dossierCode":"X"}""");

        http.DefaultRequestHeaders.Add("X-Api-Key", "demo-key");
        (await http.PostAsJsonAsync("api/package/D1/run", new PackageRunInput(task.Id, task.Kind, task.Payload))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.PostAsJsonAsync($"api/offices/kantoor-demo/tasks/{task.Id}/result", new TaskResultInput("done"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.PostAsJsonAsync("api/offices/kantoor-demo/tasks/nope/result", new TaskResultInput("done"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.GetFromJsonAsync<List<PlatformTask>>("api/offices/kantoor-demo/tasks?pending")).ShouldNotBeNull().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_package_answers_a_passing_failure_with_503_and_others_with_422_and_a_cause()
    {
        await using var platform = await SandboxPlatform.StartAsync(new SandboxPlatformOptions { MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.None });
        using var http = new HttpClient { BaseAddress = platform.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", "demo-key");
        (await http.PostAsJsonAsync("control/package/failures", new FailureRule(FailureCauses.PackageUnavailable, Dossier: "D1", Times: 1))).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("control/package/failures", new FailureRule(FailureCauses.WrongPeriod, TaskId: "T2"))).EnsureSuccessStatusCode();

        (await http.PostAsJsonAsync("api/package/D1/run", new PackageRunInput("T1", TaskKinds.SynchroniseDossier, "{}"))).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await http.PostAsJsonAsync("api/package/D1/run", new PackageRunInput("T1", TaskKinds.SynchroniseDossier, "{}"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var failed = await http.PostAsJsonAsync("api/package/D2/run", new PackageRunInput("T2", TaskKinds.ProcessBookingProposal, """{"bookingDate":"2023-12-31"}"""));
        failed.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = (await failed.Content.ReadFromJsonAsync<PackageError>()).ShouldNotBeNull();
        error.Cause.ShouldBe(FailureCauses.WrongPeriod);
        error.Details["year"].ShouldBe("2023");

        http.DefaultRequestHeaders.Remove("X-Api-Key");
        (await http.PostAsJsonAsync("api/package/D1/run", new PackageRunInput("T3", TaskKinds.SynchroniseDossier, "{}"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
