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
    public void Published_files_and_uploads_live_under_the_user_and_a_builds_intermediates_under_one_prefix()
    {
        Assert.Equal("alice/episodes/ep1/alice.ep1.b1.mp3", ObjectKeys.Episode("alice", "ep1", "alice.ep1.b1"));
        Assert.Equal("alice/feeds/show.xml", ObjectKeys.Feed("alice", "show"));
        Assert.Equal("builds/alice/ep1/b1/transcript.json", ObjectKeys.Transcript("alice", "ep1", "b1"));
        Assert.Equal("builds/alice/ep1/b1/transcript.vtt", ObjectKeys.Subtitles("alice", "ep1", "b1"));
        Assert.Equal("builds/alice/ep1/b1/cleaned.wav", ObjectKeys.Cleaned("alice", "ep1", "b1"));
        Assert.Equal("builds/alice/ep1/b1/segments/s1.wav", ObjectKeys.AiSegment("alice", "ep1", "b1", "s1"));
        Assert.Equal("builds/alice/ep1/b1/edit-plan.json", ObjectKeys.BuildFile("alice", "ep1", "b1", "edit-plan.json"));
        Assert.StartsWith(ObjectKeys.IntermediatesPrefix, ObjectKeys.BuildFiles("alice", "ep1", "b1"), StringComparison.Ordinal);
        Assert.False(ObjectKeys.BuildLock("alice", "ep1").StartsWith(ObjectKeys.IntermediatesPrefix, StringComparison.Ordinal));
        Assert.Equal("intern_snippets/alice/ep1/x.mp3", ObjectKeys.Snippet("alice", "ep1", "x.mp3"));
        Assert.Equal("alice/media/main_content/f.wav", ObjectKeys.Upload("alice", "f.wav"));
    }

    [Theory]
    [InlineData("builds")]
    [InlineData("intern_snippets")]
    [InlineData("Builds")]
    public void The_products_own_prefixes_are_never_user_ids(string userId)
    {
        Assert.False(ObjectKeys.IsValidUserId(userId));
        Assert.Throws<ArgumentException>(() => ObjectKeys.Upload(userId, "x.wav"));
        Assert.Throws<ArgumentException>(() => ObjectKeys.ValidateUserKey(userId, $"{userId}/media/main_content/x.wav"));
    }
}
