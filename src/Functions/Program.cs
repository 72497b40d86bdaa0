using EpisodeBuilder.Api.Hosting;
using EpisodeBuilder.Functions.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemDetailsMiddleware>();
builder.Services.AddEpisodeBuilder(builder.Configuration);
builder.Build().Run();
