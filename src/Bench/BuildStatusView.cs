using System.Text.Json;
using System.Text.Json.Nodes;

namespace EpisodeBuilder.Bench;

/// <summary>What the bench reads of <c>GET /api/builds/{id}</c>: the state, each step's timeline, the outputs, the error and when it was accepted.</summary>
public sealed record BuildStatusView(
    string BuildId,
    string Status,
    string? Step,
    int Progress,
    IReadOnlyList<StepView> Steps,
    OutputsView Outputs,
    ErrorView? Error,
    DateTimeOffset? CreatedAt = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static BuildStatusView From(JsonNode status) =>
        status.Deserialize<BuildStatusView>(Json) ?? throw new BenchFailedException("the build's status was empty");
}

/// <summary>One step of a build's status: its name, state, times (from the orchestration clock) and worker.</summary>
public sealed record StepView(string Name, string Status, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Worker);

/// <summary>The object keys a build has produced.</summary>
public sealed record OutputsView(string? Transcript, string? Cleaned, string? Episode, string? Feed, IReadOnlyList<string>? Snippets, string? EditPlan);

/// <summary>Why a build stopped.</summary>
public sealed record ErrorView(string? Step, string? Message);
