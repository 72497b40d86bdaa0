# The Functions app as a custom Linux container, for the plans that run one (Premium, Dedicated, Container Apps; see
# docs/hosting.md), with the Debian tools a build runs. Build from the repository root:
#   docker build -t episode-builder .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Functions/Functions.csproj --configuration Release --output /home/site/wwwroot

FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
# script/bootstrap's runtime_packages, the same list (tests/Functions.Tests/ContainerDefinitionTests.cs).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg espeak-ng pocketsphinx pocketsphinx-en-us \
    && rm -rf /var/lib/apt/lists/*
ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true
COPY --from=build /home/site/wwwroot /home/site/wwwroot
