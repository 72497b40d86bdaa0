using EpisodeBuilder.Api;
using EpisodeBuilder.Orchestration;

namespace EpisodeBuilder.Functions.Tests;

/// <summary>When a build counts as stalled: only past what its running step (or its review) may take, plus the margin.</summary>
public sealed class BuildStallTests
{
    private static readonly BuildOptions Options = new() { StepTimeout = TimeSpan.FromHours(2), StallMargin = TimeSpan.FromMinutes(10) };
    private static readonly DateTimeOffset Moved = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(BuildState.Running, 129, false)]
    [InlineData(BuildState.Running, 131, true)]
    [InlineData(BuildState.Pending, 131, true)]
    [InlineData(BuildState.Completed, 10_000, false)]
    [InlineData(BuildState.Failed, 10_000, false)]
    [InlineData(BuildState.Canceled, 10_000, false)]
    public void A_build_that_runs_or_waits_to_start_is_stalled_only_past_the_step_deadline_and_margin(BuildState status, int minutesLater, bool stalled)
    {
        var since = BuildStall.Since(status, Moved, null, Options, Moved.AddMinutes(minutesLater));

        Assert.Equal(stalled ? Moved : null, since);
    }

    [Fact]
    public void A_build_in_review_is_stalled_only_once_its_review_deadline_and_margin_have_passed()
    {
        var deadline = Moved.AddDays(7).UtcDateTime;

        Assert.Null(BuildStall.Since(BuildState.AwaitingReview, Moved, deadline, Options, Moved.AddDays(7).AddMinutes(9)));
        Assert.Equal(Moved, BuildStall.Since(BuildState.AwaitingReview, Moved, deadline, Options, Moved.AddDays(7).AddMinutes(11)));
        Assert.Null(BuildStall.Since(BuildState.AwaitingReview, Moved, null, Options, Moved.AddDays(30)));
    }
}
