using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Samples;

namespace EpisodeBuilder.LocalHost;

/// <summary>
/// The main job end to end, as a frontend would drive it: generates a recording with a flubber retake, an intro
/// and an outro, uploads them with signed URLs, starts a build, follows its progress and reports where the
/// published episode and feed are. With review, the build waits for an approval: on the builds page (its URL is printed)
/// or given here on the user's behalf.
/// </summary>
public sealed class Demo(HttpClient api, SampleRecordingGenerator generator, AudioInspector inspector, TextWriter output)
{
    public const string EpisodeId = "moon-landing";

    public async Task<int> RunAsync(string workDirectory, DemoReview review, CancellationToken cancellationToken)
    {
        output.WriteLine("==> Generating a sample recording (espeak-ng, one word at a time so every word's timing is known)");
        var recording = await generator.GenerateAsync(SampleRecordingGenerator.FlubberScript, Path.Combine(workDirectory, "recording.wav"), workDirectory, cancellationToken);
        var intro = Path.Combine(workDirectory, "intro.wav");
        var outro = Path.Combine(workDirectory, "outro.wav");
        await generator.JingleAsync(intro, 2.0, [523, 659, 784], cancellationToken);
        await generator.JingleAsync(outro, 1.5, [784, 523], cancellationToken);
        var transcript = Path.Combine(workDirectory, "transcript.json");
        await File.WriteAllTextAsync(transcript, recording.Transcript.ToJson(), cancellationToken);
        output.WriteLine($"    \"{string.Join(" / ", SampleRecordingGenerator.FlubberScript)}\" ({recording.DurationSeconds:0.00} s)");
        output.WriteLine("    PocketSphinx does not reliably hear \"flubber\" in synthetic speech, so this demo supplies the transcript");
        output.WriteLine("    of its generated speech (built from the known word timings) as the build's \"transcript\".");

        output.WriteLine("==> Uploading through the API (POST /api/uploads, then PUT to the signed URL)");
        var recordingKey = await UploadAsync(recording.WavPath, "recording.wav", "audio/wav", cancellationToken);
        var transcriptKey = await UploadAsync(transcript, "transcript.json", "application/json", cancellationToken);
        var introKey = await UploadAsync(intro, "intro.wav", "audio/wav", cancellationToken);
        var outroKey = await UploadAsync(outro, "outro.wav", "audio/wav", cancellationToken);

        output.WriteLine($"==> Starting a build (POST /api/episodes/{EpisodeId}/builds)");
        var request = new
        {
            recording = recordingKey,
            transcript = transcriptKey,
            intro = introKey,
            outro = outroKey,
            segments = new object[] { new { id = "sponsor", text = "This episode is brought to you by the moon.", position = "after-intro" } },
            cleanup = new { flubber = true, fillers = true, maxSilenceSeconds = 1.5 },
            loudnessLufs = -16,
            publish = new
            {
                podcast = "demo-show",
                title = "The Moon Landing",
                description = "Built by script/demo.",
                show = new { title = "Demo Show", description = "Episodes built by script/demo.", author = "Episode Builder", ownerName = "Episode Builder", ownerEmail = "demo@example.com", imageUrl = "https://example.com/demo-show/cover.png", category = "Science", subcategory = "Astronomy" },
            },
            review = review != DemoReview.None,
        };
        using var started = await api.PostAsJsonAsync($"api/episodes/{EpisodeId}/builds", request, cancellationToken);
        var startBody = await started.Content.ReadAsStringAsync(cancellationToken);
        if (!started.IsSuccessStatusCode)
        {
            output.WriteLine($"    build refused: {(int)started.StatusCode} {startBody}");
            return 1;
        }

        var buildId = JsonNode.Parse(startBody)!["buildId"]!.GetValue<string>();
        output.WriteLine($"    build {buildId}, status at {started.Headers.Location}");

        JsonNode status;
        var last = string.Empty;
        var reviewHandled = false;
        while (true)
        {
            status = JsonNode.Parse(await api.GetStringAsync($"api/builds/{buildId}", cancellationToken))!;
            var line = $"{status["status"]} {status["step"]} {status["progress"]}%";
            if (line != last)
            {
                output.WriteLine($"    {status["status"],-9} {status["progress"],3}%  {status["step"]}");
                last = line;
            }

            if (status["status"]!.GetValue<string>() is "Completed" or "Failed" or "Canceled")
            {
                break;
            }

            if (status["status"]!.GetValue<string>() == "AwaitingReview" && !reviewHandled)
            {
                reviewHandled = true;
                await ReviewAsync(buildId, review, cancellationToken);
            }

            await Task.Delay(500, cancellationToken);
        }

        if (status["status"]!.GetValue<string>() != "Completed")
        {
            output.WriteLine($"==> The build did not complete: {status["error"]?.ToJsonString()}");
            return 1;
        }

        var outputs = status["outputs"]!;
        var episodeUrl = status["episodeUrl"]!.GetValue<string>();
        var mp3 = Path.Combine(workDirectory, "published.mp3");
        await File.WriteAllBytesAsync(mp3, await api.GetByteArrayAsync(new Uri(episodeUrl), cancellationToken), cancellationToken);
        var info = await inspector.InspectAsync(mp3, cancellationToken);
        output.WriteLine("==> Published");
        output.WriteLine($"    episode:    gs://{LocalEnvironment.PublicBucket}/{outputs["episode"]}  ({new FileInfo(mp3).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes, {info.DurationSeconds:0.00} s MP3)");
        output.WriteLine($"    public URL: {episodeUrl}");
        output.WriteLine($"    feed:       gs://{LocalEnvironment.PublicBucket}/{outputs["feed"]}");
        output.WriteLine($"    transcript: gs://{LocalEnvironment.Bucket}/{outputs["transcript"]}");
        output.WriteLine($"    edit plan:  gs://{LocalEnvironment.Bucket}/{outputs["editPlan"]}");
        foreach (var snippet in outputs["snippets"]?.AsArray() ?? [])
        {
            output.WriteLine($"    snippet:    gs://{LocalEnvironment.Bucket}/{snippet}");
        }

        output.WriteLine($"    the recording was {recording.DurationSeconds:0.00} s; the flubber retake and the intern request were cut, an AI segment, intro and outro added.");
        return 0;
    }

    private async Task ReviewAsync(string buildId, DemoReview review, CancellationToken cancellationToken)
    {
        var plan = JsonNode.Parse(await api.GetStringAsync($"api/builds/{buildId}/review", cancellationToken))!;
        output.WriteLine("==> Waiting for review: the planned cuts");
        foreach (var cut in plan["cuts"]!.AsArray())
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {cut!["id"],-4} {cut["reason"],-8} {cut["start"]!.GetValue<double>(),7:0.00}-{cut["end"]!.GetValue<double>(),7:0.00} s  \"{cut["text"]}\""));
        }

        if (review == DemoReview.AutoApprove)
        {
            using var approved = await api.PostAsJsonAsync($"api/builds/{buildId}/review", new { keep = Array.Empty<string>(), approve = true }, cancellationToken);
            output.WriteLine($"    approved on your behalf (--auto-approve): {(int)approved.StatusCode}");
            return;
        }

        output.WriteLine($"    open {new Uri(api.BaseAddress!, $"?episode={EpisodeId}&build={buildId}")} to hear the cuts, keep any, and approve");
    }

    private async Task<string> UploadAsync(string path, string fileName, string contentType, CancellationToken cancellationToken)
    {
        using var ticketResponse = await api.PostAsJsonAsync("api/uploads", new { fileName, contentType }, cancellationToken);
        ticketResponse.EnsureSuccessStatusCode();
        var ticket = (await ticketResponse.Content.ReadFromJsonAsync<JsonElement>(cancellationToken))!;
        using var content = new StreamContent(File.OpenRead(path));
        content.Headers.ContentType = new(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Put, ticket.GetProperty("uploadUrl").GetString()) { Content = content };
        foreach (var header in ticket.GetProperty("headers").EnumerateObject().Where(h => h.Name != "Content-Type"))
        {
            request.Headers.Add(header.Name, header.Value.GetString());
        }

        using var put = await api.SendAsync(request, cancellationToken);
        put.EnsureSuccessStatusCode();
        var key = ticket.GetProperty("key").GetString()!;
        output.WriteLine($"    {fileName,-16} -> gs://{LocalEnvironment.Bucket}/{key}");
        return key;
    }
}

/// <summary>Whether the demo's build asks for review, and who approves it.</summary>
public enum DemoReview
{
    None,
    OnThePage,
    AutoApprove,
}
