using System.Net;
using System.Net.Sockets;
using EpisodeBuilder.Media.Ffmpeg;

namespace EpisodeBuilder.Media.Tests;

/// <summary>
/// An upload is read as the audio it claims to be and nothing else: a playlist or concat list under an audio name is
/// refused, and neither the files nor the URLs it lists are opened.
/// </summary>
public sealed class UntrustedInputTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_playlist_upload_that_lists_another_file_on_the_worker_is_refused_unread()
    {
        // Audio outside the upload's workspace: another build's, say. FFmpeg alone would decode it as this upload.
        using var elsewhere = new TempDirectory();
        var secret = elsewhere.File("their-recording.mp3");
        MediaFixture.Ffmpeg($"-f lavfi -i sine=f=500:d=2 -c:a libmp3lame {secret}");
        var upload = _dir.File("upload.mp3");
        await File.WriteAllTextAsync(upload, Playlist(secret));

        var error = await Assert.ThrowsAsync<InvalidMediaException>(() =>
            media.Get<AudioInspector>().InspectAndDecodeAsync(upload, _dir.File("working.wav"), _dir.File("speech.wav"), CancellationToken.None));

        Assert.Contains("not in a recognised audio format", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("working.wav")));
        await Assert.ThrowsAsync<MediaProcessingException>(() => media.Get<AudioInspector>().DecodeToWavAsync(upload, _dir.File("decoded.wav"), CancellationToken.None));
    }

    [Fact]
    public async Task A_playlist_upload_that_lists_a_url_sends_it_no_request()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var upload = _dir.File("intro.m4a");
        await File.WriteAllTextAsync(upload, Playlist($"http://127.0.0.1:{port}/segment.ts"));
        var accepted = listener.AcceptTcpClientAsync();

        await Assert.ThrowsAsync<InvalidMediaException>(() =>
            media.Get<AudioInspector>().InspectAndDecodeAsync(upload, _dir.File("working.wav"), _dir.File("speech.wav"), CancellationToken.None));
        await Assert.ThrowsAnyAsync<Exception>(() => media.Get<AudioInspector>().DurationAsync(upload, CancellationToken.None));
        await Assert.ThrowsAsync<MediaProcessingException>(() =>
            media.Get<AudioMerger>().ConcatAsync([MediaFixture.Tone(_dir.Path, "content.wav", 1), upload], _dir.File("merged.wav"), CancellationToken.None));

        var first = await Task.WhenAny(accepted, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.False(first == accepted, "FFmpeg connected to the address the playlist named");
    }

    [Fact]
    public async Task A_concat_list_upload_is_refused()
    {
        var part = MediaFixture.Tone(_dir.Path, "part.wav", 1);
        var upload = _dir.File("upload.wav");
        await File.WriteAllTextAsync(upload, $"ffconcat version 1.0\nfile {Path.GetFileName(part)}\n");

        await Assert.ThrowsAsync<InvalidMediaException>(() =>
            media.Get<AudioInspector>().InspectAndDecodeAsync(upload, _dir.File("working.wav"), _dir.File("speech.wav"), CancellationToken.None));
    }

    [Theory]
    [InlineData("wav")]
    [InlineData("mp3")]
    [InlineData("flac")]
    [InlineData("m4a")]
    [InlineData("ogg")]
    [InlineData("opus")]
    [InlineData("webm")]
    [InlineData("aiff")]
    public async Task Recordings_in_the_formats_podcasters_use_still_decode(string extension)
    {
        var upload = _dir.File("take." + extension);
        MediaFixture.Ffmpeg($"-f lavfi -i sine=f=300:d=1.5:r=48000 {upload}");

        var decoded = await media.Get<AudioInspector>().InspectAndDecodeAsync(upload, _dir.File("working.wav"), _dir.File("speech.wav"), CancellationToken.None);

        Assert.InRange(decoded.Info.DurationSeconds, 1.4, 1.6);
    }

    private static string Playlist(string segment) =>
        $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXTINF:2.0,\n{segment}\n#EXT-X-ENDLIST\n";
}
