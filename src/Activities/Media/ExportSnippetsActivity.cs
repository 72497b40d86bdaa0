using EpisodeBuilder.Activities.Builds;

namespace EpisodeBuilder.Activities.Media;

/// <summary>Input of <see cref="ActivityNames.ExportSnippets"/>: the audio the plan's times refer to.</summary>
public sealed record ExportSnippetsInput(BuildRef Build, string AudioKey, string PlanKey);

/// <summary>Keys of the review snippets (flubber retakes and intern requests) under <c>intern_snippets/</c>.</summary>
public sealed record ExportSnippetsOutput(IReadOnlyList<string> SnippetKeys);
