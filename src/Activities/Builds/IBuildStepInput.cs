namespace EpisodeBuilder.Activities.Builds;

/// <summary>The input of a build step: every step knows which build it works for (its keys, its cancel marker).</summary>
public interface IBuildStepInput
{
    BuildRef Build { get; }
}
