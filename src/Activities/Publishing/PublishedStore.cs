using EpisodeBuilder.Storage;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Publishing;

/// <summary>
/// Where published files live: the object store on <c>Storage:PublicBucket</c>, which podcast apps read without
/// credentials (or on the private bucket when none is configured, emulator runs only). Publishing and unpublishing are
/// what write here; feeds are read from here.
/// </summary>
public sealed class PublishedStore(ObjectStore store, IOptions<StorageOptions> options)
{
    /// <summary>The store on the public bucket.</summary>
    public ObjectStore Store { get; } = string.IsNullOrWhiteSpace(options.Value.PublicBucket) ? store : store.InBucket(options.Value.PublicBucket);

    /// <summary>Whether published files are in a bucket of their own (then their public URL is how the app links them).</summary>
    public bool Separate => Store.Bucket != store.Bucket;
}
