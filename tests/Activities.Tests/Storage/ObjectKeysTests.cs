using EpisodeBuilder.Storage;


namespace EpisodeBuilder.Activities.Tests.Storage;

public sealed class ObjectKeysTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("alice/../bob/media/x.wav", "'..'")]
    [InlineData("alice/./media/x.wav", "'.'")]
    [InlineData("/alice/media/x.wav", "absolute")]
    [InlineData("alice//media/x.wav", "empty segment")]
    [InlineData("alice/media/", "empty segment")]
    [InlineData("alice/media\\x.wav", "backslash")]
    [InlineData("alice/media/x\u0000.wav", "control")]
    [InlineData("alice/media/x\n.wav", "control")]
    [InlineData("alice/media/%2e%2e/x.wav", "percent-encoded")]
    [InlineData("bob/media/main_content/x.wav", "caller's prefix")]
    [InlineData("alicex/media/x.wav", "caller's prefix")]
    [InlineData("intern_snippets/alice/x.mp3", "caller's prefix")]
    [InlineData("C:/alice/x.wav", "absolute")]
    public void Hostile_keys_are_rejected_with_a_reason(string key, string reason)
    {
        var error = Assert.Throws<InvalidObjectKeyException>(() => ObjectKeys.ValidateUserKey("alice", key));
        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Overlong_keys_are_rejected()
    {
        var error = Assert.Throws<InvalidObjectKeyException>(() => ObjectKeys.ValidateUserKey("alice", "alice/" + new string('a', 1100)));
        Assert.Contains("1024 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice/media/main_content/take 1.wav")]
    [InlineData("alice/media/main_content/épisode.mp3")]
    public void Keys_under_the_callers_prefix_are_accepted(string key) =>
        Assert.Equal(key, ObjectKeys.ValidateUserKey("alice", key));

    [Theory]
    [InlineData("a.b")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("x y")]
    public void Ids_outside_the_safe_charset_are_refused(string id) =>
        Assert.Throws<ArgumentException>(() => ObjectKeys.Episode("alice", id, "alice.ep1.b1"));

    [Fact]
    public void Layout_matches_the_platform_conventions()
    {
        Assert.Equal("alice/episodes/ep1/alice.ep1.b1.mp3", ObjectKeys.Episode("alice", "ep1", "alice.ep1.b1"));
        Assert.Equal("alice/feeds/show.xml", ObjectKeys.Feed("alice", "show"));
        Assert.Equal("alice/transcripts/ep1/b1.json", ObjectKeys.Transcript("alice", "ep1", "b1"));
        Assert.Equal("alice/cleaned/ep1/b1.wav", ObjectKeys.Cleaned("alice", "ep1", "b1"));
        Assert.Equal("alice/ai_segments/ep1/b1/s1.wav", ObjectKeys.AiSegment("alice", "ep1", "b1", "s1"));
        Assert.Equal("intern_snippets/alice/ep1/x.mp3", ObjectKeys.Snippet("alice", "ep1", "x.mp3"));
        Assert.Equal("alice/media/main_content/f.wav", ObjectKeys.Upload("alice", "f.wav"));
    }
}
