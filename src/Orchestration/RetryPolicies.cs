using EpisodeBuilder.Activities.Contract;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Orchestration;

/// <summary>
/// The retry options the orchestrator uses, by name, in one place. Transient failures (storage hiccups,
/// a killed worker) are retried with exponential backoff; invalid input fails at once.
/// </summary>
public static class RetryPolicies
{
    /// <summary>How many times a media or storage step is tried before its build fails.</summary>
    public const int MediaStepAttempts = 4;

    /// <summary>Media and storage steps: up to 4 attempts, 2 s, 4 s, 8 s apart (capped at 30 s).</summary>
    public static TaskOptions MediaStep() => Create(maxAttempts: MediaStepAttempts, firstRetry: TimeSpan.FromSeconds(2));

    /// <summary>Publishing: more patient, because giving up leaves a finished episode unpublished.</summary>
    public static TaskOptions Publish() => Create(maxAttempts: 6, firstRetry: TimeSpan.FromSeconds(2));

    /// <summary>True when a failure can never succeed on retry (the input itself is wrong).</summary>
    public static bool IsPermanent(TaskFailureDetails failure) =>
        failure.IsCausedBy<InvalidBuildInputException>() || failure.IsCausedBy<ArgumentException>() || failure.IsCausedBy<StepTimedOutException>()
        || failure.IsCausedBy<StepCanceledException>();

    private static TaskOptions Create(int maxAttempts, TimeSpan firstRetry)
    {
        var policy = new RetryPolicy(
            maxNumberOfAttempts: maxAttempts,
            firstRetryInterval: firstRetry,
            backoffCoefficient: 2.0,
            maxRetryInterval: TimeSpan.FromSeconds(30))
        {
            HandleFailure = failure => !IsPermanent(failure),
        };
        return TaskOptions.FromRetryPolicy(policy);
    }
}
