using Microsoft.DurableTask;

namespace EpisodeBuilder.Orchestration;

/// <summary>
/// Keeps the build's <see cref="BuildProgress"/> and publishes it as custom status after every change.
/// Lives inside one orchestration execution and uses only the orchestration clock, so it is replay-safe.
/// </summary>
public sealed class BuildProgressTracker
{
    private readonly TaskOrchestrationContext _context;
    private readonly List<StepProgress> _steps;
    private BuildOutputs _outputs = new();
    private BuildState _state = BuildState.Running;
    private string? _current;
    private BuildError? _error;
    private int? _queuePosition;

    public BuildProgressTracker(TaskOrchestrationContext context)
    {
        _context = context;
        _steps = BuildSteps.All.Select(s => new StepProgress(s.Name, StepState.Pending, null, null)).ToList();
        Publish();
    }

    public BuildOutputs Outputs => _outputs;

    public string? CurrentStep => _current;

    public void Start(string step)
    {
        _current = step;
        Update(step, s => s with { Status = StepState.Running, StartedAt = _context.CurrentUtcDateTime });
    }

    /// <summary>
    /// The step has finished, run by <paramref name="worker"/>; when <paramref name="reused"/>, it did not run: its result
    /// is an earlier build's for the same inputs, and no worker spent time on it.
    /// </summary>
    public void Complete(string step, Func<BuildOutputs, BuildOutputs>? outputs = null, string? worker = null, bool reused = false)
    {
        if (outputs is not null)
        {
            _outputs = outputs(_outputs);
        }

        Update(step, s => s with { Status = StepState.Completed, FinishedAt = _context.CurrentUtcDateTime, Worker = reused ? null : worker, Reused = reused });
    }

    /// <summary>Adds outputs while a step is still running (a review shows its peaks before it is decided).</summary>
    public void Note(Func<BuildOutputs, BuildOutputs> outputs)
    {
        _outputs = outputs(_outputs);
        Publish();
    }

    /// <summary>The build waits in its owner's line: status <see cref="BuildState.Queued"/>, <paramref name="position"/> builds to go.</summary>
    public void Queue(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(position);
        if (_state == BuildState.Queued && _queuePosition == position)
        {
            return;
        }

        _state = BuildState.Queued;
        _queuePosition = position;
        Publish();
    }

    /// <summary>The build's turn has come: it runs.</summary>
    public void Admit()
    {
        _queuePosition = null;
        if (_state != BuildState.Running)
        {
            _state = BuildState.Running;
            Publish();
        }
    }

    /// <summary>The build waits for its owner: status <see cref="BuildState.AwaitingReview"/> until <see cref="Resume"/>.</summary>
    public void AwaitReview(DateTime deadline)
    {
        _state = BuildState.AwaitingReview;
        _outputs = _outputs with { ReviewDeadline = deadline };
        Publish();
    }

    /// <summary>The build waits for its publish time: status <see cref="BuildState.Scheduled"/> until <see cref="Resume"/>.</summary>
    public void AwaitSchedule(DateTime publishAt)
    {
        _state = BuildState.Scheduled;
        _outputs = _outputs with { ScheduledFor = publishAt };
        Publish();
    }

    /// <summary>Back to running after a review was decided or a publish time came.</summary>
    public void Resume()
    {
        _state = BuildState.Running;
        Publish();
    }

    /// <summary>
    /// Counts the finished parts of a running step that fans out, so a long step moves the bar as its parts land instead
    /// of holding it for ten minutes.
    /// </summary>
    public void Advance(string step, int done, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(done);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(done, total);
        Update(step, s => s with { Parts = new StepParts(done, total) });
    }

    public void Skip(string step)
    {
        var now = _context.CurrentUtcDateTime;
        Update(step, s => s with { Status = StepState.Skipped, StartedAt = now, FinishedAt = now });
    }

    public EpisodeBuildResult Fail(string step, string message)
    {
        _state = BuildState.Failed;
        _queuePosition = null;
        _error = new BuildError(step, message);
        Update(step, s => s with { Status = StepState.Failed, FinishedAt = _context.CurrentUtcDateTime });
        return Result(null);
    }

    public EpisodeBuildResult Cancel(string step, string? reason = null)
    {
        _state = BuildState.Canceled;
        _queuePosition = null;
        _error = reason is null ? null : new BuildError(step, reason);
        Update(step, s => s with { Status = StepState.Canceled, FinishedAt = _context.CurrentUtcDateTime });
        return Result(null);
    }

    public EpisodeBuildResult Finish(double durationSeconds)
    {
        _state = BuildState.Completed;
        _current = null;
        Publish();
        return Result(durationSeconds);
    }

    private EpisodeBuildResult Result(double? duration) => new(_state, _outputs, duration, _error);

    private void Update(string step, Func<StepProgress, StepProgress> change)
    {
        var index = _steps.FindIndex(s => s.Name == step);
        if (index < 0)
        {
            throw new ArgumentException($"Unknown build step '{step}'.", nameof(step));
        }

        _steps[index] = change(_steps[index]);
        Publish();
    }

    private int Percent()
    {
        if (_state == BuildState.Completed)
        {
            return 100;
        }

        var done = 0;
        foreach (var (name, weight) in BuildSteps.All)
        {
            var step = _steps.Find(p => p.Name == name);
            if (step?.Status is StepState.Completed or StepState.Skipped)
            {
                done += weight;
            }
            else if (step is { Status: StepState.Running, Parts: { Total: > 0 } parts })
            {
                // A running step that fans out fills its share as its parts finish.
                done += weight * parts.Done / parts.Total;
            }
        }

        return Math.Clamp(done, 0, 99);
    }

    private void Publish() =>
        _context.SetCustomStatus(new BuildProgress(_state, _current, Percent(), _steps.ToList(), _outputs, _error, _queuePosition));
}
