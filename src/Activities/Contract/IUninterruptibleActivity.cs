namespace EpisodeBuilder.Activities.Contract;

/// <summary>A step that a cancel does not interrupt once it has started (publishing).</summary>
public interface IUninterruptibleActivity;
