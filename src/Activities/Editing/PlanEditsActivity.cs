using EpisodeBuilder.Activities.Builds;

namespace EpisodeBuilder.Activities.Editing;

/// <summary>Input of <see cref="ActivityNames.PlanEdits"/>.</summary>
public sealed record PlanEditsInput(BuildRef Build, string AudioKey, string TranscriptKey, CleanupSettings Cleanup);

/// <summary>Key of the stored edit plan (every cut with its reason) and a summary of it.</summary>
public sealed record PlanEditsOutput(string PlanKey, int CutCount, double RemovedSeconds, int MarkerCount);
