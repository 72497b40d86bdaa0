namespace EpisodeBuilder.Activities.Contract;

/// <summary>A step that a cancel does not interrupt once it has started (publishing, and the bookkeeping around a build's start and end).</summary>
public interface IUninterruptibleActivity;
