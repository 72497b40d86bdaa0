using System.Text.Json;
using System.Text.Json.Nodes;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Queue;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Api;

/// <summary>
/// Starts, reports on, lists and cancels episode builds. A build id is the orchestration instance id
/// <c>{user}.{episode}.{unique}</c>, so a build is found by its owner's prefix and nobody else's.
/// </summary>
public sealed class BuildService(ObjectStore store, PublishedStore published, IOptions<PublishingOptions> publishing, SignedUrls urls, EpisodeBuildLock buildLock, UserBuildLine queue, IOptions<BuildQueueOptions> queueOptions, CancelMarkers cancelMarkers, IOptions<BuildOptions> options, IOptions<InputLimits> limits, BuildStall stall, ArtworkInspector artwork, ILogger<BuildService> logger)
{
    /// <summary>How request bodies are read and kept.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Starts a build of <paramref name="episodeId"/> from a request body. With <c>"from": "&lt;buildId&gt;"</c> (a build
    /// of the same episode) the body is a JSON Merge Patch (RFC 7396) over that build's request: only the fields that change
    /// are sent, and the steps whose inputs did not change are reused. Every build keeps the request it ran
    /// (<c>request.json</c> beside its intermediates) for the builds made from it.
    /// </summary>
    public async Task<ApiResult> StartAsync(DurableTaskClient client, string userId, string episodeId, JsonObject body, string apiBaseUrl, CancellationToken cancellationToken)
    {
        var effective = body;
        if (body["from"] is { } from)
        {
            var earlier = from.GetValueKind() == JsonValueKind.String ? from.GetValue<string>() : string.Empty;
            if (!earlier.StartsWith($"{userId}.{episodeId}.", StringComparison.Ordinal) || await FindOwnedAsync(client, userId, earlier, cancellationToken) is null)
            {
                return ApiResult.Fail(404, "Not found.", $"from: no build '{earlier}' of episode '{episodeId}' is yours.", new Dictionary<string, string[]> { ["from"] = [$"no build '{earlier}' of this episode."] });
            }

            if (await store.ReadTextAsync(BuildRef.FromOwnedId(userId, earlier).File(RequestFile), cancellationToken) is not { } earlierRequest)
            {
                return ApiResult.Fail(409, "That build's request is no longer kept.", $"from: the request of '{earlier}' has gone with its intermediates; send the whole request.");
            }

            var patch = body.DeepClone().AsObject();
            patch.Remove("from");
            effective = JsonMergePatch.Apply(JsonNode.Parse(earlierRequest.Text), patch)!.AsObject();
        }

        StartBuildRequest? request;
        try
        {
            request = effective.Deserialize<StartBuildRequest>(Json);
        }
        catch (JsonException e)
        {
            return ApiResult.Fail(400, "Malformed JSON.", $"A value has the wrong type at {e.Path}: {e.Message}", new Dictionary<string, string[]> { [e.Path ?? "body"] = ["a value of the wrong type."] });
        }

        var buildId = NewBuildId(userId, episodeId, DateTimeOffset.UtcNow);
        var (input, errors) = BuildRequestValidator.Validate(userId, episodeId, buildId, request, options.Value.ReviewDeadline, DateTimeOffset.UtcNow);
        if (input is null)
        {
            return ApiResult.Invalid(errors);
        }

        if (await CheckInputsAsync(input, cancellationToken) is { } missing)
        {
            return missing;
        }

        // A podcast's first episode describes the show: better said now than after the build, at publish.
        if (input.Publish.Show is null && await published.Store.GetAsync(ObjectKeys.Feed(userId, input.Publish.Podcast), cancellationToken) is null)
        {
            return ApiResult.Invalid(new Dictionary<string, string[]>
            {
                ["publish.show"] = [$"is required: the podcast '{input.Publish.Podcast}' has no feed yet, and its first episode describes the show (title, description, author, owner, image, category)."],
            });
        }

        var kept = effective.DeepClone().AsObject();
        kept.Remove("from");
        await store.WriteTextAsync(input.Build.File(RequestFile), kept.ToJsonString(Json), "application/json", WriteCondition.Overwrite, cancellationToken);
        return await AdmitAsync(client, input, apiBaseUrl, cancellationToken);
    }

    /// <summary>The file beside a build's intermediates that keeps the request it was started with.</summary>
    public const string RequestFile = "request.json";

    /// <summary>
    /// Starts a new build with the input of <paramref name="buildId"/>, which failed or was canceled: what its finished
    /// steps made is reused, so only the rest runs. The new build's status names the one it retries.
    /// </summary>
    public async Task<ApiResult> RetryAsync(DurableTaskClient client, string userId, string buildId, string apiBaseUrl, CancellationToken cancellationToken)
    {
        var metadata = await FindOwnedAsync(client, userId, buildId, cancellationToken);
        if (metadata is null)
        {
            return ApiResult.NotFound($"No build '{buildId}'.");
        }

        var status = await ToStatusAsync(metadata, cancellationToken, signEpisode: false);
        if (status.Status is not (BuildState.Failed or BuildState.Canceled) || metadata.ReadInputAs<EpisodeBuildInput>() is not { } earlier)
        {
            return ApiResult.Fail(409, "Only a failed or canceled build can be retried.", $"Build '{buildId}' is {status.Status}.");
        }

        var episodeId = earlier.Build.EpisodeId;
        var input = earlier with { Build = new BuildRef(userId, episodeId, NewBuildId(userId, episodeId, DateTimeOffset.UtcNow)), RetryOf = buildId };
        if (await CheckInputsAsync(input, cancellationToken) is { } missing)
        {
            return missing;
        }

        // The retry keeps the request it repeats, for builds made from it.
        if (await store.ReadTextAsync(earlier.Build.File(RequestFile), cancellationToken) is { } request)
        {
            await store.WriteTextAsync(input.Build.File(RequestFile), request.Text, "application/json", WriteCondition.Overwrite, cancellationToken);
        }

        return await AdmitAsync(client, input, apiBaseUrl, cancellationToken);
    }

    // Every object the build reads exists, within its size limit; else the answer that says which does not.
    private async Task<ApiResult?> CheckInputsAsync(EpisodeBuildInput input, CancellationToken cancellationToken)
    {
        foreach (var (field, key) in new[] { ("recording", input.RecordingKey), ("transcript", input.TranscriptKey), ("intro", input.IntroKey), ("outro", input.OutroKey), ("musicBed", input.MusicBedKey) })
        {
            if (key is null)
            {
                continue;
            }

            if (await store.GetAsync(key, cancellationToken) is not { } stored)
            {
                return ApiResult.Fail(404, "Not found.", $"{field}: no object '{key}' exists; upload it first.", new Dictionary<string, string[]> { [field] = [$"'{key}' does not exist."] });
            }

            var (max, setting) = field == "transcript"
                ? (limits.Value.MaxTranscriptBytes, "Limits:MaxTranscriptBytes")
                : (limits.Value.MaxUploadBytes, "Limits:MaxUploadBytes");
            if (stored.Size > max)
            {
                var message = $"'{key}' is {InputLimits.Bytes(stored.Size)}; the limit is {InputLimits.Bytes(max)} ({setting}).";
                return ApiResult.Fail(422, "An input is too large.", $"{field}: {message}", new Dictionary<string, string[]> { [field] = [message] });
            }
        }

        foreach (var (field, key) in new[] { ("publish.image", input.Publish.Image), ("publish.show.image", input.Publish.Show?.ImageKey) })
        {
            if (key is not null && await CheckArtworkAsync(field, key, cancellationToken) is { } refused)
            {
                return refused;
            }
        }

        return null;
    }

    // Cover art is small: read here, it is refused at once when a directory would refuse it (Apple: a square JPEG or PNG of
    // 1400 to 3000 pixels), and its declared type must be what its bytes are, as publishing names it by that type.
    private async Task<ApiResult?> CheckArtworkAsync(string field, string key, CancellationToken cancellationToken)
    {
        ApiResult Refuse(string message) => ApiResult.Fail(400, "The cover art cannot be used.", $"{field}: {message}", new Dictionary<string, string[]> { [field] = [message] });
        if (await store.GetAsync(key, cancellationToken) is not { } stored)
        {
            return ApiResult.Fail(404, "Not found.", $"{field}: no object '{key}' exists; upload it first.", new Dictionary<string, string[]> { [field] = [$"'{key}' does not exist."] });
        }

        if (stored.Size > limits.Value.MaxImageBytes)
        {
            return Refuse($"'{key}' is {InputLimits.Bytes(stored.Size)}; the limit is {InputLimits.Bytes(limits.Value.MaxImageBytes)} (Limits:MaxImageBytes).");
        }

        var folder = Directory.CreateTempSubdirectory("artwork-");
        try
        {
            var path = Path.Combine(folder.FullName, "cover");
            await store.DownloadToFileAsync(key, path, cancellationToken);
            Artwork art;
            try
            {
                art = await artwork.InspectAsync(path, cancellationToken);
            }
            catch (InvalidMediaException e)
            {
                return Refuse($"'{key}': {e.Message}.");
            }

            if (art.Problem(limits.Value.MaxImageBytes) is { } problem)
            {
                return Refuse($"'{key}' {problem}.");
            }

            return art.ContentType == stored.ContentType ? null : Refuse($"'{key}' was uploaded as {stored.ContentType} but is a {art.Format.ToUpperInvariant()} image; upload it as {art.ContentType}.");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // Takes the episode's lock and a place in the owner's line, and schedules the build; answers 202, 409 or 429.
    private async Task<ApiResult> AdmitAsync(DurableTaskClient client, EpisodeBuildInput input, string apiBaseUrl, CancellationToken cancellationToken)
    {
        var (userId, episodeId, buildId) = (input.Build.UserId, input.Build.EpisodeId, input.Build.BuildId);

        // One running build per episode, across instances and racing requests (see EpisodeBuildLock).
        if (await buildLock.TryAcquireAsync(client, userId, episodeId, buildId, cancellationToken) is { } running)
        {
            return ApiResult.Fail(409, "A build is already running.", $"Episode '{episodeId}' already has a running build: {running}. Cancel it or wait for it to finish.");
        }

        // A few builds per user run at once; the rest wait in line, and past the line's limit the start is refused.
        QueuePlace place;
        try
        {
            place = await queue.JoinAsync(userId, buildId, (entry, token) => IsLiveAsync(client, entry, token), cancellationToken);
        }
        catch
        {
            await buildLock.ReleaseAsync(userId, episodeId, buildId, CancellationToken.None);
            throw;
        }

        if (!place.Accepted)
        {
            await buildLock.ReleaseAsync(userId, episodeId, buildId, CancellationToken.None);
            var limits = queueOptions.Value;
            return ApiResult.Fail(429, "Too many builds waiting.",
                $"{limits.MaxQueuedPerUser} of your builds already wait behind the {limits.MaxRunningPerUser} that run (Queue:MaxQueuedPerUser, Queue:MaxRunningPerUser). Start this one when one of them has ended.")
                with { RetryAfter = limits.RetryAfter };
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(EpisodeBuildOrchestrator.Name, input with { InLine = true }, new StartOrchestrationOptions(buildId), cancellationToken);
        }
        catch
        {
            await queue.LeaveAsync(userId, buildId, CancellationToken.None);
            await buildLock.ReleaseAsync(userId, episodeId, buildId, CancellationToken.None);
            throw;
        }

        logger.LogInformation("Started build {BuildId} of episode {EpisodeId} for {UserId}, position {Position} in line", buildId, episodeId, userId, place.Position);
        var statusUrl = $"{apiBaseUrl.TrimEnd('/')}/builds/{buildId}";
        return ApiResult.Accepted(new BuildStarted(buildId, statusUrl, statusUrl + "/cancel", place.Position), statusUrl);
    }

    public async Task<ApiResult> StatusAsync(DurableTaskClient client, string userId, string buildId, CancellationToken cancellationToken)
    {
        var metadata = await FindOwnedAsync(client, userId, buildId, cancellationToken);
        return metadata is null ? ApiResult.NotFound($"No build '{buildId}'.") : ApiResult.Ok(await ToStatusAsync(metadata, cancellationToken));
    }

    /// <summary>Most builds one list answer holds (<c>pageSize</c> may ask for fewer).</summary>
    public const int MaxPageSize = 100;

    /// <summary>Builds one list answer holds when <c>pageSize</c> is not given.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>
    /// One page of the caller's builds of an episode, newest first (build ids sort that way), and the token of the next
    /// page (<see cref="BuildPage.NextPageToken"/>, null on the last).
    /// </summary>
    public async Task<ApiResult> ListAsync(DurableTaskClient client, string userId, string episodeId, string? pageToken, string? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ObjectKeys.IsValidId(episodeId))
        {
            errors["episodeId"] = ["must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'."];
        }

        var size = DefaultPageSize;
        if (pageSize is not null && (!int.TryParse(pageSize, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            errors["pageSize"] = [$"must be a whole number from 1 to {MaxPageSize}."];
        }

        if (pageToken is not null && (pageToken.Length is 0 or > 2048))
        {
            errors["pageToken"] = ["must be a nextPageToken this endpoint returned."];
        }

        if (errors.Count > 0)
        {
            return ApiResult.Invalid(errors);
        }

        var query = new OrchestrationQuery { InstanceIdPrefix = $"{userId}.{episodeId}.", FetchInputsAndOutputs = true, PageSize = size, ContinuationToken = pageToken };
        var builds = new List<BuildStatus>();
        string? next = null;
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(pageToken, size).WithCancellation(cancellationToken))
        {
            foreach (var metadata in page.Values)
            {
                builds.Add(await ToStatusAsync(metadata, cancellationToken, signEpisode: false));
            }

            next = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
            break;
        }

        return ApiResult.Ok(new BuildPage([.. builds.OrderBy(b => b.BuildId, StringComparer.Ordinal)], next));
    }

    /// <summary>
    /// Every build of every user whose status has stalled (<see cref="BuildStall"/>), each logged once: what a host's
    /// periodic check calls.
    /// </summary>
    public async Task<IReadOnlyList<BuildStatus>> FindStalledAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running], FetchInputsAndOutputs = true, PageSize = MaxPageSize };
        var stalled = new List<BuildStatus>();
        await foreach (var metadata in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            try
            {
                if (metadata.Name == EpisodeBuildOrchestrator.Name && await ToStatusAsync(metadata, cancellationToken, signEpisode: false) is { Stalled: true } status)
                {
                    stalled.Add(status);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One build whose status cannot be read must not hide the others.
                logger.LogWarning(e, "Could not read the status of build {BuildId} while looking for stalled builds", metadata.InstanceId);
            }
        }

        stall.Retain(stalled.Select(s => s.BuildId).ToHashSet(StringComparer.Ordinal));
        return stalled;
    }

    /// <summary>
    /// A new build's id, <c>{user}.{episode}.{unique}</c>, whose unique part begins with the time counted down (so ids, and
    /// the task hub's lists of them, run newest first) and ends with randomness.
    /// </summary>
    public static string NewBuildId(string userId, string episodeId, DateTimeOffset now) =>
        $"{userId}.{episodeId}.{ulong.MaxValue - (ulong)now.UtcTicks:x16}{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}";

    public async Task<ApiResult> CancelAsync(DurableTaskClient client, string userId, string buildId, CancellationToken cancellationToken)
    {
        var metadata = await FindOwnedAsync(client, userId, buildId, cancellationToken);
        if (metadata is null)
        {
            return ApiResult.NotFound($"No build '{buildId}'.");
        }

        if (!EpisodeBuildLock.Active.Contains(metadata.RuntimeStatus))
        {
            return ApiResult.Fail(409, "The build has finished.", $"Build '{buildId}' is {metadata.RuntimeStatus}; there is nothing to cancel.");
        }

        // The marker stops the running step on whichever worker runs it; the event ends the orchestration.
        await cancelMarkers.RequestAsync(BuildRef.FromOwnedId(userId, buildId), userId, cancellationToken);
        await client.RaiseEventAsync(buildId, EpisodeBuildOrchestrator.CancelEvent, userId, cancellationToken);
        logger.LogInformation("Cancel requested for build {BuildId}", buildId);
        return ApiResult.Accepted(new { buildId, status = "Canceling" });
    }

    /// <summary>Whether a build in a user's line has not ended: its orchestration is active, or was accepted moments ago and is not scheduled yet.</summary>
    private static async Task<bool> IsLiveAsync(DurableTaskClient client, QueueEntry entry, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(entry.BuildId, cancellationToken);
        return instance is null
            ? DateTimeOffset.UtcNow - entry.AcceptedAt < EpisodeBuildLock.StartGrace
            : EpisodeBuildLock.Active.Contains(instance.RuntimeStatus);
    }

    internal static async Task<OrchestrationMetadata?> FindOwnedAsync(DurableTaskClient client, string userId, string buildId, CancellationToken cancellationToken)
    {
        if (!ObjectKeys.IsValidBuildId(buildId) || !buildId.StartsWith(userId + ".", StringComparison.Ordinal))
        {
            return null;
        }

        return await client.GetInstanceAsync(buildId, getInputsAndOutputs: true, cancellationToken);
    }

    private async Task<BuildStatus> ToStatusAsync(OrchestrationMetadata metadata, CancellationToken cancellationToken, bool signEpisode = true)
    {
        var progress = metadata.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<BuildProgress>();
        var result = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? metadata.ReadOutputAs<EpisodeBuildResult>() : null;
        var status = metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Pending => BuildState.Pending,
            OrchestrationRuntimeStatus.Completed => result?.State ?? BuildState.Completed,
            OrchestrationRuntimeStatus.Failed => BuildState.Failed,
            OrchestrationRuntimeStatus.Terminated => BuildState.Canceled,
            _ => progress?.State is BuildState.Canceled or BuildState.AwaitingReview or BuildState.Queued or BuildState.Scheduled ? progress.State : BuildState.Running,
        };
        var outputs = result?.Outputs ?? progress?.Outputs ?? new BuildOutputs();
        var error = progress?.Error ?? (metadata.FailureDetails is { } failure ? new BuildError(progress?.Step ?? "unknown", failure.ErrorMessage) : null);
        string? episodeUrl = null;
        string? episodePeaksUrl = null;
        if (signEpisode && status == BuildState.Completed && outputs.Episode is { } episode)
        {
            // Published in a public bucket, the episode's link is its public URL (what the feed gives podcast apps).
            episodeUrl = published.Separate ? publishing.Value.PublicUrl(episode) : (await urls.ForReadAsync(episode, cancellationToken: cancellationToken)).Url;
            if (outputs.EpisodePeaks is { } peaks)
            {
                episodePeaksUrl = (await urls.ForReadAsync(peaks, cancellationToken: cancellationToken)).Url;
            }
        }

        var parts = metadata.InstanceId.Split('.');
        var stalledSince = BuildStall.Since(status, metadata.LastUpdatedAt, status == BuildState.Scheduled ? outputs.ScheduledFor : outputs.ReviewDeadline, options.Value, DateTimeOffset.UtcNow);
        var built = new BuildStatus(
            metadata.InstanceId,
            parts.Length == 3 ? parts[1] : string.Empty,
            status,
            status == BuildState.Completed ? null : progress?.Step,
            status == BuildState.Completed ? 100 : progress?.Progress ?? 0,
            progress?.Steps ?? [],
            outputs,
            episodeUrl,
            status is BuildState.Failed or BuildState.Canceled ? error : null,
            metadata.CreatedAt,
            metadata.LastUpdatedAt,
            episodePeaksUrl,
            stalledSince is not null,
            stalledSince,
            status == BuildState.Queued ? progress?.QueuePosition : null,
            metadata.SerializedInput is null ? null : metadata.ReadInputAs<EpisodeBuildInput>()?.RetryOf);
        stall.Report(built);
        return built;
    }
}
