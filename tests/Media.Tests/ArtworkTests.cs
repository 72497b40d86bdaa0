using System.Diagnostics;
using System.Text.Json;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;

namespace EpisodeBuilder.Media.Tests;

/// <summary>Cover art: read by its bytes with ffprobe, judged by Apple's rules, embedded in the MP3 as its front cover.</summary>
public sealed class ArtworkTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Image(string name, int width, int height)
    {
        var path = _dir.File(name);
        MediaFixture.Ffmpeg($"-f lavfi -i testsrc2=s={width}x{height} -frames:v 1 -f {(name.EndsWith(".png", StringComparison.Ordinal) ? "image2 -c:v png" : "image2 -c:v mjpeg")} {path}");
        return path;
    }

    [Theory]
    [InlineData("square.png", 1400, 1400, "png", null)]
    [InlineData("square.jpg", 3000, 3000, "jpeg", null)]
    [InlineData("wide.jpg", 1600, 1400, "jpeg", "must be square; it is 1600×1400 pixels")]
    [InlineData("small.png", 600, 600, "png", "must be 1400 to 3000 pixels square; it is 600×600")]
    [InlineData("huge.jpg", 3200, 3200, "jpeg", "must be 1400 to 3000 pixels square; it is 3200×3200")]
    public async Task Art_is_read_by_its_bytes_and_judged_by_apples_rules(string name, int width, int height, string format, string? problem)
    {
        var path = Image(name, width, height);

        var art = await media.Get<ArtworkInspector>().InspectAsync(path, CancellationToken.None);

        Assert.Equal((format, width, height), (art.Format, art.Width, art.Height));
        Assert.Equal(problem, art.Problem(64L * 1024 * 1024));
    }

    [Fact]
    public async Task A_png_named_jpg_is_a_png_and_too_many_bytes_is_a_problem()
    {
        var png = Image("really.png", 1400, 1400);
        var misnamed = _dir.File("cover.jpg");
        File.Copy(png, misnamed);

        var art = await media.Get<ArtworkInspector>().InspectAsync(misnamed, CancellationToken.None);

        Assert.Equal(("png", "image/png", "png"), (art.Format, art.ContentType, art.Extension));
        Assert.StartsWith("must be at most 1,024 bytes", art.Problem(1024), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audio_or_text_is_not_art()
    {
        var wav = MediaFixture.Tone(_dir.Path, "tone.wav", 1);
        var text = _dir.File("notes.png");
        await File.WriteAllTextAsync(text, "not an image at all");

        foreach (var path in new[] { wav, text })
        {
            var refused = await Assert.ThrowsAsync<InvalidMediaException>(() => media.Get<ArtworkInspector>().InspectAsync(path, CancellationToken.None));
            Assert.Equal("the file is not a JPEG or PNG image", refused.Message);
        }
    }

    [Fact]
    public async Task Cover_art_is_embedded_as_the_front_cover_beside_the_chapters()
    {
        var wav = MediaFixture.Tone(_dir.Path, "episode.wav", 6);
        var cover = Image("cover.jpg", 1400, 1400);
        var metadata = _dir.File("chapters.ffmetadata");
        await File.WriteAllTextAsync(metadata, ChapterMetadata.Write([new Chapter(0, "Intro"), new Chapter(3, "Main")], 6));
        var mp3 = _dir.File("episode.mp3");

        await media.Get<Mp3Encoder>().EncodeAsync(wav, mp3, new EpisodeTags("Title", "Artist", "Album", null, "2026"), CancellationToken.None, chaptersMetadata: metadata, coverArt: cover);

        using var process = Process.Start(new ProcessStartInfo("ffprobe", $"-v error -print_format json -show_streams -show_chapters {mp3}") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        using var document = JsonDocument.Parse(output);
        var streams = document.RootElement.GetProperty("streams").EnumerateArray().ToList();
        var audio = Assert.Single(streams, s => s.GetProperty("codec_type").GetString() == "audio");
        Assert.Equal("mp3", audio.GetProperty("codec_name").GetString());
        var picture = Assert.Single(streams, s => s.GetProperty("codec_type").GetString() == "video");
        Assert.Equal("mjpeg", picture.GetProperty("codec_name").GetString());
        Assert.Equal(1, picture.GetProperty("disposition").GetProperty("attached_pic").GetInt32());
        Assert.Equal("Cover (front)", picture.GetProperty("tags").GetProperty("comment").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("chapters").GetArrayLength());
        Assert.True(System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(mp3).AsSpan(0, 4096)).Contains("APIC", StringComparison.Ordinal), "no APIC frame");
        Assert.InRange(await media.Get<AudioInspector>().DurationAsync(mp3, CancellationToken.None), 5.9, 6.1);
    }
}
