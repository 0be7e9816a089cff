using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ConnectorHost.Sandbox.CaseWareCloud;

namespace ConnectorHost.Plugins.CaseWareCloud.Tests;

[Trait("Sandbox", "CaseWareCloud")]
public sealed class SandboxTests
{
    [Fact]
    public async Task Tokens_expire_after_30_minutes_on_the_sandbox_clock_and_calls_are_counted_by_method_and_path()
    {
        await using var world = await CaseWareWorld.StartAsync();
        using var http = new HttpClient { BaseAddress = world.Sandbox.ApiUrl };
        using var refused = await http.PostAsJsonAsync("auth/token", new { ClientId = "test-id", ClientSecret = "nope", Language = "en" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var tokenResponse = await http.PostAsJsonAsync("auth/token", new { ClientId = "test-id", ClientSecret = "test-secret", Language = "en" });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<TokenResponse>())!.Token;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var created = await http.PostAsJsonAsync("entities", new EntityInput("1001", "Jansen BV"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var entity = (await created.Content.ReadFromJsonAsync<Entity>())!;
        using var duplicate = await http.PostAsJsonAsync("entities", new EntityInput("1001", "Jansen BV"));
        duplicate.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using var found = await http.GetAsync(new Uri($"entities/{entity.Id}", UriKind.Relative));
        found.StatusCode.ShouldBe(HttpStatusCode.OK);

        world.Clock.Advance(TimeSpan.FromMinutes(29));
        using (var stillValid = await http.GetAsync(new Uri("entities?search=EntityNo%20%3D%20%271001%27", UriKind.Relative)))
        {
            stillValid.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await stillValid.Content.ReadFromJsonAsync<PagedList<Entity>>())!.Items.Single().Id.ShouldBe(entity.Id);
        }

        world.Clock.Advance(TimeSpan.FromMinutes(1));
        using var expired = await http.GetAsync(new Uri($"entities/{entity.Id}", UriKind.Relative));
        expired.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var control = new HttpClient { BaseAddress = world.Sandbox.BaseUrl };
        var calls = (await control.GetFromJsonAsync<CallCount>("control/calls"))!;
        calls.ByMethodAndPath["POST /auth/token"].ShouldBe(2);
        calls.ByMethodAndPath["POST /entities"].ShouldBe(2);
        calls.ByMethodAndPath["GET /entities/{id}"].ShouldBe(2);
        calls.Writes.ShouldBe(2);
    }

    [Fact]
    public async Task Contact_emails_are_unique_logins_and_revoking_access_keeps_the_person()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var state = world.Sandbox.State;
        var entity = state.CreateEntity(new EntityInput("1001", "Jansen BV"));
        var jan = state.CreateContact(new ContactInput(entity.Id, "jan@jansen.nl", "Jan", null, "Dijk"));

        Should.Throw<ApiRefusedException>(() => state.CreateContact(new ContactInput(entity.Id, "JAN@jansen.nl", "Jan", null, "Dijk"))).StatusCode.ShouldBe(409);
        Should.Throw<ApiRefusedException>(() => state.CreateContact(new ContactInput(entity.Id, "", "Jan", null, "Dijk"))).StatusCode.ShouldBe(400);
        state.RevokeAccess(jan.Id).HasAccess.ShouldBeFalse();
        state.Contacts.Single().Email.ShouldBe("jan@jansen.nl");
        state.UpdateContact(jan.Id, new ContactInput(entity.Id, "jan@jansen.nl", "Jan", null, "Dijk")).HasAccess.ShouldBeTrue();
    }

    [Fact]
    public async Task Faults_are_set_through_the_control_API_and_a_429_carries_Retry_After()
    {
        await using var world = await CaseWareWorld.StartAsync();
        using var control = new HttpClient { BaseAddress = world.Sandbox.BaseUrl };
        using var put = await control.PutAsJsonAsync("control/faults", new { tooManyRequests = new { nextCalls = 1 }, retryAfterSeconds = 3 });
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var http = new HttpClient { BaseAddress = world.Sandbox.ApiUrl };

        using var throttled = await http.GetAsync(new Uri("entities", UriKind.Relative));
        using var unauthorised = await http.GetAsync(new Uri("entities", UriKind.Relative));

        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(3));
        unauthorised.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the fault was for the next call only");
        using var bad = await control.PutAsJsonAsync("control/faults", new { http500 = new { share = 2.0 } });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
