using System.Reflection;

namespace EpisodeBuilder.Activities.Contract;

/// <summary>
/// One activity of a build as its class declares it: the <c>public const string Name</c> the Durable runtime schedules
/// it by (part of every running build's history, so it never changes), the class, and its input and output records.
/// </summary>
public sealed record BuildActivity(string Name, Type ActivityType, Type InputType, Type OutputType);

/// <summary>
/// Every activity of a build, found once in this assembly: each class that implements
/// <see cref="IEpisodeActivity{TInput,TOutput}"/> declares a step. The Durable registry, the dependency injection, the
/// orchestrator's calls and the host-metadata test all read this list, so a step is declared in one place: its class.
/// </summary>
public static class BuildActivities
{
    /// <summary>The declared activities, in name order.</summary>
    public static IReadOnlyList<BuildActivity> All { get; } = Discover(typeof(BuildActivities).Assembly);

    private static readonly Dictionary<Type, BuildActivity> ByInput = All.ToDictionary(a => a.InputType);

    /// <summary>The activity that takes <paramref name="inputType"/>.</summary>
    public static BuildActivity ForInput(Type inputType) =>
        ByInput.TryGetValue(inputType, out var activity)
            ? activity
            : throw new InvalidOperationException($"No build activity takes {inputType.Name}: a step's input is the input of exactly one IEpisodeActivity.");

    /// <summary>Reads the declarations in <paramref name="assembly"/>; a class that breaks the rules fails start-up naming itself.</summary>
    public static IReadOnlyList<BuildActivity> Discover(Assembly assembly)
    {
        var activities = new List<BuildActivity>();
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            var contract = type.GetInterfaces().SingleOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEpisodeActivity<,>));
            if (contract is null)
            {
                continue;
            }

            var (input, output) = (contract.GenericTypeArguments[0], contract.GenericTypeArguments[1]);
            var name = type.GetField("Name", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.GetRawConstantValue() is string value
                ? value
                : throw new InvalidOperationException($"{type.Name} declares no activity name: add public const string Name.");
            if (!typeof(IBuildStepInput<>).MakeGenericType(output).IsAssignableFrom(input))
            {
                throw new InvalidOperationException($"{type.Name}: its input {input.Name} must implement IBuildStepInput<{output.Name}>.");
            }

            activities.Add(new BuildActivity(name, type, input, output));
        }

        foreach (var clash in activities.GroupBy(a => a.Name).Concat(activities.GroupBy(a => a.InputType.Name)).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException($"{string.Join(" and ", clash.Select(a => a.ActivityType.Name))} share the name or input {clash.Key}.");
        }

        return activities.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
    }
}
