using EpisodeBuilder.Activities.CleanAudio;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Activities.Tests.Orchestration;

/// <summary>
/// Which failures the retry predicate calls permanent, and the policies' numbers. That the orchestrator really
/// uses them is proved by counting an activity's calls on the engine (<see cref="OrchestratorWiringTests"/>).
/// </summary>
public sealed class RetryPoliciesTests
{
    private static TaskFailureDetails Failure(Exception e) => TaskFailureDetails.FromException(e);

    [Fact]
    public void Invalid_input_and_a_passed_deadline_are_permanent()
    {
        Assert.True(RetryPolicies.IsPermanent(Failure(new InvalidBuildInputException("The recording is not usable audio"))));
        Assert.True(RetryPolicies.IsPermanent(Failure(new ArgumentException("bad id"))));
        Assert.True(RetryPolicies.IsPermanent(Failure(new StepTimedOutException("CleanAudioActivity", TimeSpan.FromHours(2)))));
    }

    [Fact]
    public void Storage_hiccups_and_tool_failures_are_transient()
    {
        Assert.False(RetryPolicies.IsPermanent(Failure(new TransientStorageException("503", new HttpRequestException("503")))));
        Assert.False(RetryPolicies.IsPermanent(Failure(new EpisodeBuilder.Media.MediaProcessingException("ffmpeg was killed"))));
    }

    [Fact]
    public void Media_steps_back_off_exponentially_over_four_attempts()
    {
        var policy = (RetryPolicy)RetryPolicies.MediaStep().Retry!.Policy!;

        Assert.Equal(RetryPolicies.MediaStepAttempts, policy.MaxNumberOfAttempts);
        Assert.Equal(4, policy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), policy.FirstRetryInterval);
        Assert.Equal(2.0, policy.BackoffCoefficient);
    }
}
