using System.Reflection;
using EpisodeBuilder.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.LocalHost;

/// <summary>One HTTP function of the Functions app: its name, method and route as its trigger attribute declares them.</summary>
public sealed record HttpFunction(string Name, string Method, string Route, MethodInfo Handler);

/// <summary>
/// Serves the Functions app's HTTP functions on <c>/api/...</c> from their own <c>[Function]</c> and <c>[HttpTrigger]</c>
/// attributes, so a route is written once, where the Functions host reads it too. Each request creates the function's
/// class from dependency injection, as the Functions worker does, and binds the parameters the triggers use: the request,
/// the Durable client, route values by name and the request's cancellation token. A function that throws is answered
/// with a problem (<see cref="HttpErrors"/>), as the Functions app's middleware answers it.
/// </summary>
public static class FunctionRoutes
{
    /// <summary>The prefix the Functions host puts before every HTTP route (host.json sets no other).</summary>
    public const string Prefix = "api";

    /// <summary>Every HTTP function in the Functions app's assembly, in name order.</summary>
    public static IReadOnlyList<HttpFunction> All { get; } = Read(typeof(BuildsFunctions).Assembly);

    public static IReadOnlyList<HttpFunction> Read(Assembly assembly) =>
        [.. assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .Select(f => new HttpFunction(f.Function!.Name, f.Trigger!.Methods!.Single(), f.Trigger.Route!, f.Method))
            .OrderBy(f => f.Name, StringComparer.Ordinal)];

    /// <summary>Maps every HTTP function; a parameter the local host cannot bind fails here, at start-up.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var function in All)
        {
            var binders = function.Handler.GetParameters().Select(Binder).ToArray();
            app.MapMethods($"/{Prefix}/{function.Route}", [function.Method.ToUpperInvariant()], async context =>
            {
                IActionResult result;
                try
                {
                    var target = function.Handler.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(context.RequestServices, function.Handler.DeclaringType!);
                    result = await (Task<IActionResult>)function.Handler.Invoke(target, [.. binders.Select(b => b(context))])!;
                }
                catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
                {
                    // As the Functions app's ProblemDetailsMiddleware does.
                    await HttpErrors.WriteAsync(context, e, context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(function.Name));
                    return;
                }

                await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
            }).WithName(function.Name);
        }
    }

    private static Func<HttpContext, object?> Binder(ParameterInfo parameter) => parameter.ParameterType switch
    {
        var t when t == typeof(HttpRequest) => c => c.Request,
        var t when t == typeof(DurableTaskClient) => c => c.RequestServices.GetRequiredService<DurableTaskClient>(),
        var t when t == typeof(CancellationToken) => c => c.RequestAborted,
        var t when t == typeof(string) => c => c.GetRouteValue(parameter.Name!) as string,
        _ => throw new NotSupportedException($"The local host cannot bind {parameter.Member.Name}'s parameter {parameter.Name} ({parameter.ParameterType.Name})."),
    };
}
