using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Errors;
using EpisodeBuilder.Activities.Storage;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Activities.Tests.Builds;

public sealed class RetryPoliciesTests
{
    private static TaskFailureDetails Failure(Exception e) => TaskFailureDetails.FromException(e);

    // The policies' HandleFailure predicate is RetryPolicies.IsPermanent, negated.
    private static bool WouldRetry(TaskOptions options, Exception e) =>
        options.Retry?.Policy is not null && !RetryPolicies.IsPermanent(Failure(e));

    [Fact]
    public void Invalid_input_is_never_retried()
    {
        Assert.False(WouldRetry(RetryPolicies.MediaStep(), new InvalidBuildInputException("The recording is not usable audio")));
        Assert.False(WouldRetry(RetryPolicies.Publish(), new InvalidBuildInputException("The feed is not RSS")));
    }

    [Fact]
    public void Transient_storage_and_tool_failures_are_retried_with_backoff()
    {
        var options = RetryPolicies.MediaStep();
        var policy = (RetryPolicy)options.Retry!.Policy!;

        Assert.True(WouldRetry(options, new TransientStorageException("503", new HttpRequestException("503"))));
        Assert.True(WouldRetry(options, new EpisodeBuilder.Media.MediaProcessingException("ffmpeg was killed")));
        Assert.Equal(4, policy.MaxNumberOfAttempts);
        Assert.Equal(2.0, policy.BackoffCoefficient);
    }
}
