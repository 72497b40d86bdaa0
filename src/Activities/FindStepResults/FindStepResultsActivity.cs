using System.Text.Json;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Reuse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.FindStepResults;

/// <summary>
/// Input of <see cref="FindStepResultsActivity"/>: the inputs (JSON, <see cref="StepResults.Json"/>) of the parts of a
/// fanned-out step, all for <paramref name="Activity"/>.
/// </summary>
public sealed record FindStepResultsInput(BuildRef Build, string Activity, IReadOnlyList<string> Inputs) : IBuildStepInput<FindStepResultsOutput>;

/// <summary>For each input in order, an earlier build's output for it (JSON), or null where the part must run.</summary>
public sealed record FindStepResultsOutput(IReadOnlyList<string?> Outputs);

/// <summary>
/// Looks up, in one activity, which parts of a fanned-out step (the chunks of a transcription, the segments of an episode)
/// an earlier build of the same user ran on the same inputs, so the orchestrator schedules only the others. Each part that
/// does run is still looked up again, and kept, by the runner; this only spares scheduling what would be reused.
/// </summary>
public sealed class FindStepResultsActivity(IServiceProvider services, StepResults results, ILogger<FindStepResultsActivity> logger)
    : IEpisodeActivity<FindStepResultsInput, FindStepResultsOutput>
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "FindStepResults";

    public async Task<FindStepResultsOutput> RunAsync(FindStepResultsInput input, CancellationToken cancellationToken)
    {
        var declared = BuildActivities.All.SingleOrDefault(a => a.Name == input.Activity)
            ?? throw new InvalidOperationException($"No build activity is named {input.Activity}.");
        var step = services.GetRequiredService(typeof(IEpisodeActivity<,>).MakeGenericType(declared.InputType, declared.OutputType)) as IReusableActivity;
        if (step is null || !results.Enabled)
        {
            return new FindStepResultsOutput(input.Inputs.Select(_ => (string?)null).ToList());
        }

        var outputs = new List<string?>();
        foreach (var json in input.Inputs)
        {
            var part = (IBuildStepInput)JsonSerializer.Deserialize(json, declared.InputType, StepResults.Json)!;
            if (part.Build != input.Build)
            {
                throw new InvalidOperationException($"A part of {input.Activity} names another build than the one asking.");
            }

            // A part whose lookup storage fails is scheduled: it costs the part its reuse, never the build.
            try
            {
                var key = await results.KeyAsync(declared.Name, step, part, cancellationToken);
                outputs.Add(await results.FindAsync(input.Build.UserId, declared.Name, key, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Build {BuildId}: looking up an earlier result of a part of {Activity} failed; it runs", input.Build.BuildId, declared.Name);
                outputs.Add(null);
            }
        }

        return new FindStepResultsOutput(outputs);
    }
}
