using System.Net;
using EpisodeBuilder.Functions.Http;
using EpisodeBuilder.Storage;
using Google;
using Grpc.Core;

namespace EpisodeBuilder.Functions.Tests;

/// <summary>Which failures of an HTTP function are outages (503, try again) and which are the app's own (500), and what either tells the caller.</summary>
public sealed class HttpErrorsTests
{
    public static TheoryData<Exception> Outages() =>
    [
        new TransientStorageException("Storage was unavailable for 'k'", new HttpRequestException("refused")),
        new GoogleApiException("storage") { HttpStatusCode = HttpStatusCode.ServiceUnavailable },
        new GoogleApiException("storage") { HttpStatusCode = HttpStatusCode.TooManyRequests },
        new HttpRequestException("Connection refused (127.0.0.1:10002)"),
        new Azure.RequestFailedException(503, "Server busy"),
        new Azure.RequestFailedException("Connection refused", new HttpRequestException("refused")),
        new RpcException(new Status(StatusCode.Unavailable, "the host is restarting")),
        new RpcException(new Status(StatusCode.Unknown, "Exception was thrown by handler.")),
        new InvalidOperationException("wrapped", new TransientStorageException("x", new IOException())),
    ];

    [Theory]
    [MemberData(nameof(Outages))]
    public void An_outage_is_a_503_that_asks_the_caller_to_try_again(Exception outage)
    {
        var problem = HttpErrors.ProblemFor(outage, "trace-1");

        Assert.True(HttpErrors.IsOutage(outage));
        Assert.Equal(503, problem.Status);
        Assert.Contains("Try again in 30 seconds", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_other_failure_is_a_500_that_names_the_trace_and_not_the_message()
    {
        var failure = new InvalidOperationException("ffmpeg could not open https://storage.example/b/o?X-Goog-Signature=abc123");

        var problem = HttpErrors.ProblemFor(failure, "trace-2");

        Assert.False(HttpErrors.IsOutage(failure));
        Assert.False(HttpErrors.IsOutage(new GoogleApiException("storage") { HttpStatusCode = HttpStatusCode.Forbidden }));
        Assert.False(HttpErrors.IsOutage(new RpcException(new Status(StatusCode.InvalidArgument, "bad query"))));
        Assert.Equal(500, problem.Status);
        Assert.Contains("trace-2", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Goog", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("ffmpeg", problem.Detail, StringComparison.Ordinal);
    }
}
