using EpisodeBuilder.Activities.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

// Before the host starts its threads: the malloc arena cap is settled once the process has more than 8 arenas.
ArenaLimit.Apply(builder.Configuration);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddEpisodeBuilder(builder.Configuration);
builder.Build().Run();
