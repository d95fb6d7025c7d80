using System.Net;
using System.Text;
using System.Text.Json;
using KmodForge.Service.Backends.GitHub;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>POST /build refuses bad input field by field, through real HTTP, and then dispatches and stores nothing.</summary>
public sealed class ServiceValidationTests : IAsyncLifetime
{
    private readonly TempDirectory dir = new("kmodforge-service");
    private readonly RecordingDispatcher dispatcher = new();
    private readonly MemoryReleaseStore releases = new();
    private TestService service = null!;

    public static TheoryData<string, string> HostileValues()
    {
        var data = new TheoryData<string, string>();
        string[] fields = ["kernel_version", "architecture", "distribution", "distro_version", "driver_version"];
        string[] values =
        [
            "6.1.0-28-amd64; rm -rf /", "$(reboot)", "`id`", "6.1.0-28-amd64 && curl evil", "a|b", "x > /etc/passwd",
            "../../../etc/passwd", "..", "/etc/shadow", "6.1.0\u0000-28-amd64", "6.1.0-28-amd64\nX-Injected: 1", "\u001b[31mred",
            "6.1.0-28-amd64\u202e", new string('9', 10_000), "", " ",
        ];
        foreach (var field in fields)
        {
            // An empty distro_version means "not given": derived from the kernel release or the default.
            foreach (var value in values.Where(v => !(field == "distro_version" && v.Length == 0)))
            {
                data.Add(field, value);
            }
        }

        return data;
    }

    public async Task InitializeAsync() =>
        service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, new ScriptedRuns());

    public async Task DisposeAsync()
    {
        await service.DisposeAsync();
        dir.Dispose();
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public async Task Rejects_hostile_values_in_every_field(string field, string value)
    {
        var body = new Dictionary<string, string>
        {
            ["kernel_version"] = "6.1.0-28-amd64", ["architecture"] = "x86_64", ["distribution"] = "debian",
            ["distro_version"] = "12", ["driver_version"] = "v0.1.0",
        };
        body[field] = value;

        using var response = await service.PostBuildAsync(body);
        var json = await TestService.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        var shown = error.GetProperty("value").GetString()!;
        Assert.All(shown, c => Assert.InRange(c, ' ', '~'));
        Assert.True(shown.Length < 140, $"value shown in full: {shown.Length} characters");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("problem").GetString()));
        await AssertNothingDispatchedOrStoredAsync();
    }

    [Fact]
    public async Task Reports_every_bad_field_at_once()
    {
        using var response = await service.PostBuildAsync(new
        {
            kernel_version = "not a kernel", architecture = "sparc", distribution = "gentoo", distro_version = "1", driver_version = "latest",
        });
        var json = await TestService.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "kernel_version", "architecture", "distribution", "driver_version" }, fields);
        Assert.Equal("'sparc'", json.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("field").GetString() == "architecture").GetProperty("value").GetString());
        await AssertNothingDispatchedOrStoredAsync();
    }

    [Fact]
    public async Task Reports_missing_fields_as_missing()
    {
        using var response = await service.PostBuildAsync(new { distribution = "debian" });
        var json = await TestService.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var kernel = json.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("field").GetString() == "kernel_version");
        Assert.Equal("(missing)", kernel.GetProperty("value").GetString());
        await AssertNothingDispatchedOrStoredAsync();
    }

    [Theory]
    [InlineData("{\"kernel_version\": \"6.1.0-28-amd64\", \"architecture\": \"x86_64\", \"distribution\": \"debian\", \"driver_version\": \"v0.1.0\", \"branch\": \"main\"}", "branch", "is not a known field")]
    [InlineData("{\"kernel_version\": \"6.1.0-28-amd64\", \"architecture\": \"x86_64\", \"distribution\": \"debian\", \"driver_version\": \"v0.1.0\", \"Kernel_Version\": \"x\"}", "Kernel_Version", "is not a known field")]
    [InlineData("{\"kernel_version\": 6, \"architecture\": \"x86_64\", \"distribution\": \"debian\", \"driver_version\": \"v0.1.0\"}", "kernel_version", "must be a JSON string")]
    [InlineData("{\"kernel_version\": [\"6.1.0-28-amd64\"], \"architecture\": \"x86_64\", \"distribution\": \"debian\", \"driver_version\": \"v0.1.0\"}", "kernel_version", "must be a JSON string")]
    public async Task Refuses_unknown_fields_and_non_string_values(string body, string field, string problem)
    {
        using var response = await PostRawAsync(body, "application/json");
        var json = await TestService.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.StartsWith(problem, error.GetProperty("problem").GetString());
        await AssertNothingDispatchedOrStoredAsync();
    }

    [Theory]
    [InlineData("{\"kernel_version\": \"6.1.0-28-amd64\",")]
    [InlineData("{'kernel_version': '6.1.0-28-amd64'}")]
    [InlineData("{\"kernel_version\": \"6.1.0-28-amd64\", \"kernel_version\": \"6.1.0-29-amd64\"}")]
    [InlineData("{\"a\": /* comment */ 1}")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"6.1.0-28-amd64\"")]
    public async Task Refuses_malformed_json_with_a_clear_message(string body)
    {
        using var response = await PostRawAsync(body, "application/json");
        var json = await TestService.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = json.GetProperty("error").GetString()!;
        Assert.Matches("not valid JSON|body is empty|must be a JSON object", message);
        await AssertNothingDispatchedOrStoredAsync();
    }

    [Fact]
    public async Task Refuses_bodies_over_the_size_limit()
    {
        var body = "{\"kernel_version\": \"" + new string('1', 20_000) + "\"}";
        using var response = await PostRawAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 16384 bytes", (await TestService.ReadJsonAsync(response)).GetProperty("error").GetString());
        await AssertNothingDispatchedOrStoredAsync();
    }

    [Fact]
    public async Task Refuses_chunked_bodies_over_the_size_limit()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"kernel_version\": \"" + new string('1', 40_000) + "\"}");
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "build") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingDispatchedOrStoredAsync();
    }

    [Fact]
    public async Task Refuses_bodies_that_are_not_json()
    {
        using var response = await PostRawAsync("kernel_version=6.1.0-28-amd64", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertNothingDispatchedOrStoredAsync();
    }

    [Theory]
    [InlineData("debian", "6.1.0-28-amd64", "12")]
    [InlineData("debian", "6.12.38+deb13-amd64", "13")]
    [InlineData("fedora", "6.14.0-63.fc42.x86_64", "42")]
    [InlineData("ubuntu", "6.8.0-48-generic", "24.04")]
    public async Task Derives_or_defaults_a_missing_distro_version(string distribution, string kernel, string expected)
    {
        await service.SubmitAsync(TestService.Request(kernel, "x86_64", distribution, distroVersion: null));

        var inputs = Assert.Single(dispatcher.Dispatches).Inputs;
        Assert.Equal(expected, inputs["distro_version"]);
        Assert.Equal(kernel, inputs["kernel_version"]);
    }

    [Fact]
    public async Task Dispatches_the_seed_inputs_plus_the_build_id()
    {
        var id = await service.SubmitAsync(TestService.Request(arch: "amd64"));

        var dispatch = Assert.Single(dispatcher.Dispatches);
        Assert.Equal("driver-build.yml", dispatch.Workflow);
        Assert.Equal("main", dispatch.Ref);
        Assert.Equal(WorkflowInputs.For(id, KmodForge.Targets.BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0")), dispatch.Inputs);
        Assert.Equal("x86_64", dispatch.Inputs["architecture"]);
    }

    [Theory]
    [InlineData("not-an-id", HttpStatusCode.BadRequest)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF", HttpStatusCode.BadRequest)]
    [InlineData("..%2F..%2Fetc%2Fpasswd", HttpStatusCode.BadRequest)]
    [InlineData("0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound)]
    public async Task Status_checks_the_id_then_answers_404_for_unknown_builds(string id, HttpStatusCode expected)
    {
        using var response = await service.Client.GetAsync("status/" + id);

        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await TestService.ReadJsonAsync(response)).GetProperty("error").GetString()));
    }

    private async Task<HttpResponseMessage> PostRawAsync(string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new(contentType);
        return await service.Client.PostAsync("build", content);
    }

    private async Task AssertNothingDispatchedOrStoredAsync()
    {
        Assert.Equal(0, dispatcher.Count);
        Assert.Empty(await service.Store.ListUnfinishedAsync("github", CancellationToken.None));
        Assert.Empty(await service.Store.ListUnfinishedAsync("local", CancellationToken.None));
    }
}
