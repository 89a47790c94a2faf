# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY IdpFederation.sln ./
COPY src/ src/
# Embedded in the Infrastructure assembly, which checks Idp:Provisioning against it when a config file loads.
COPY config/provisioning.schema.json config/
RUN dotnet publish src/IdpFederation.Server/IdpFederation.Server.csproj -c Release -o /app/server \
 && dotnet publish src/IdpFederation.Cli/IdpFederation.Cli.csproj -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/server ./server
COPY --from=build /app/cli ./cli
COPY config/ ./config/
# Configuration is read from /app/config, data (SQLite, keys) lives in the /app/data volume.
ENV IDPFED_CONFIG_DIR=/app/config \
    Idp__DataDirectory=/app/data \
    ASPNETCORE_URLS=http://+:8080
RUN mkdir -p /app/data && chown -R $APP_UID /app/data
VOLUME ["/app/data"]
USER $APP_UID
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health || exit 1
WORKDIR /app/server
ENTRYPOINT ["dotnet", "IdpFederation.Server.dll"]
