# syntax=docker/dockerfile:1
# The GPU silo: the same silo built against the CUDA libtorch (-p:NokenTorchBackend=cuda), on an NVIDIA CUDA 12.8
# base with the ASP.NET Core runtime copied in. Run it with Noken__Worker__Device=cuda on a node with the NVIDIA
# device plugin (the chart requests nvidia.com/gpu).
#   docker build -f deploy/docker/silo-cuda.Dockerfile -t REGISTRY/orleans-noken/silo-cuda:TAG .
# The build restores libtorch-cuda-12.8-linux-x64 from NuGet (several GB, in parts): the feed must serve it.
ARG DOTNET_VERSION=10.0
# libtorch's NuGet packages carry CUDA's runtime, cuBLAS and cuDNN themselves; the cudnn-runtime base adds the same
# libraries system-wide, which costs image size but lets other CUDA tools in the image work. `-base-` also works.
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-noble AS build
WORKDIR /src
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY src/Abstractions/Orleans.Noken.Abstractions.csproj src/Abstractions/
COPY src/Engine/Orleans.Noken.Engine.csproj src/Engine/
COPY src/Results/Orleans.Noken.Results.csproj src/Results/
COPY src/Grains/Orleans.Noken.Grains.csproj src/Grains/
COPY src/Silo/Orleans.Noken.Silo.csproj src/Silo/
RUN dotnet restore src/Silo/Orleans.Noken.Silo.csproj -p:NokenTorchBackend=cuda
COPY src/ src/
COPY models/ models/
RUN dotnet publish src/Silo/Orleans.Noken.Silo.csproj -c Release --no-restore -p:NokenTorchBackend=cuda -o /app

# The ASP.NET Core runtime, taken from Microsoft's image of the same Ubuntu release.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble AS dotnet

FROM ${CUDA_IMAGE}
# What the aspnet image's runtime-deps layer installs (ICU, TLS, time zones); libtorch brings its own libgomp.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libicu74 libssl3t64 tzdata zlib1g \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 noken \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin noken \
 && mkdir -p /models
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
WORKDIR /app
COPY --from=build /app ./
ENV DOTNET_ROOT=/usr/share/dotnet \
    Noken__Api__Urls=http://0.0.0.0:8080 \
    Noken__Campaigns__ModelsRoot=/models \
    Noken__Worker__Device=cuda \
    TMPDIR=/tmp \
    HOME=/tmp \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
EXPOSE 8080 11111 30000
USER 10001:10001
ENTRYPOINT ["dotnet", "noken-silo.dll"]
