# syntax=docker/dockerfile:1
# The CPU silo (noken-silo): Orleans, the shard worker and the HTTP API over the CPU libtorch.
#   docker build -f deploy/docker/silo.Dockerfile -t REGISTRY/orleans-noken/silo:TAG .      (from the repository root)
# Ubuntu 24.04 (noble) ships GCC 14's libstdc++ (GLIBCXX_3.4.33), which TorchSharp's native library loads as is;
# the build's GLIBCXX patch (build/WeakenGlibcxx.targets) still runs on publish and changes nothing that matters.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-noble AS build
WORKDIR /src
# Restore on its own layer: it downloads libtorch (hundreds of MB) and only changes with the project files.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY src/Abstractions/Orleans.Noken.Abstractions.csproj src/Abstractions/
COPY src/Engine/Orleans.Noken.Engine.csproj src/Engine/
COPY src/Results/Orleans.Noken.Results.csproj src/Results/
COPY src/Grains/Orleans.Noken.Grains.csproj src/Grains/
COPY src/Silo/Orleans.Noken.Silo.csproj src/Silo/
ARG TORCH_BACKEND=cpu
RUN dotnet restore src/Silo/Orleans.Noken.Silo.csproj -p:NokenTorchBackend=${TORCH_BACKEND}
COPY src/ src/
# The embedded organism: the silo project copies models/organism next to its binaries (spec model "organism").
COPY models/ models/
RUN dotnet publish src/Silo/Orleans.Noken.Silo.csproj -c Release --no-restore -p:NokenTorchBackend=${TORCH_BACKEND} -o /app

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble
# The publish output is self-sufficient on top of this runtime (libtorch brings its own libgomp); only the user is new.
RUN groupadd --gid 10001 noken \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin noken \
 && mkdir -p /models
WORKDIR /app
COPY --from=build /app ./
# Defaults for running the image alone; the chart and manifests set these (and the rest) explicitly.
ENV Noken__Api__Urls=http://0.0.0.0:8080 \
    Noken__Campaigns__ModelsRoot=/models \
    TMPDIR=/tmp \
    HOME=/tmp \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# API + /healthz + /metrics, Orleans silo-to-silo, Orleans gateway.
EXPOSE 8080 11111 30000
# Numeric, so Kubernetes' runAsNonRoot can verify it without resolving a name.
USER 10001:10001
ENTRYPOINT ["dotnet", "noken-silo.dll"]
