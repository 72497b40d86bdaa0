using System.Text.RegularExpressions;

namespace EpisodeBuilder.Functions.Tests;

/// <summary>The container image installs what a build runs, exactly the runtime packages <c>script/bootstrap</c> installs.</summary>
public sealed partial class ContainerDefinitionTests
{
    private static readonly string Root = DeploymentSettingsTests.RepositoryRoot();

    [Fact]
    public void The_image_installs_the_runtime_packages_bootstrap_installs()
    {
        var bootstrap = BootstrapRuntime().Match(File.ReadAllText(Path.Combine(Root, "script", "bootstrap")));
        var install = AptInstall().Match(File.ReadAllText(Path.Combine(Root, "Dockerfile")));
        Assert.True(bootstrap.Success, "script/bootstrap declares no runtime_packages=(...)");
        Assert.True(install.Success, "the Dockerfile runs no apt-get install");

        var runtime = bootstrap.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order().ToList();
        var image = install.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith('-')).Order().ToList();

        Assert.Equal(["espeak-ng", "ffmpeg", "pocketsphinx", "pocketsphinx-en-us"], runtime);
        Assert.Equal(runtime, image);
    }

    [Fact]
    public void The_image_runs_the_functions_project_on_the_worker_for_its_dotnet_version()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        var framework = Regex.Match(File.ReadAllText(Path.Combine(Root, "Directory.Build.props")), @"<TargetFramework>net(\d+\.\d+)</TargetFramework>").Groups[1].Value;

        Assert.Contains($"FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated{framework}", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"FROM mcr.microsoft.com/dotnet/sdk:{framework} AS build", dockerfile, StringComparison.Ordinal);
        var published = Regex.Match(dockerfile, @"dotnet publish (\S+)").Groups[1].Value;
        Assert.True(File.Exists(Path.Combine(Root, published)), $"the Dockerfile publishes {published}, which does not exist");
    }

    [GeneratedRegex(@"^runtime_packages=\(([^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex BootstrapRuntime();

    [GeneratedRegex(@"apt-get install ([^\\\n&]*)")]
    private static partial Regex AptInstall();
}
