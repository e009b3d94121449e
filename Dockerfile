# syntax=docker/dockerfile:1
# The hub's image, built from this repository: no JDK or Maven needed on the host.
#   docker build -t callvault:0.1.0 .      (docker compose up --build does it for you)
# Stage 1 builds target/callvault.jar and target/lib/ with Maven (tests are neither compiled nor run here: mvn -B verify runs them).
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true package

# Stage 2: a Java 17 runtime only, running as a non-root user.
FROM eclipse-temurin:17.0.15_6-jre-noble
# curl: for the healthcheck on /observe/health
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
# uid 10001 is also the SFTP drop's login user (deploy/docker/sftp), so seeded files belong to it
RUN groupadd --system --gid 10001 callvault \
 && useradd --system --uid 10001 --gid 10001 --home-dir /opt/callvault --shell /usr/sbin/nologin callvault
WORKDIR /opt/callvault
COPY --from=build /src/target/callvault.jar callvault.jar
COPY --from=build /src/target/lib lib
# defaults; docker-compose.yml and the Kubernetes ConfigMap mount their own over them
COPY routes routes
COPY config/docker config
COPY deploy/docker/callvault-entrypoint.sh /usr/local/bin/callvault
# data/: temp files and the hub's own state; keys/: recipients' public keys; seed-drop/: the compose seed's mount point
RUN mkdir -p data keys init/keys seed-drop \
 && chown callvault:callvault data keys init init/keys seed-drop \
 && chmod 0755 /usr/local/bin/callvault
USER 10001:10001
EXPOSE 8080 9876
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:9876/observe/health || exit 1
ENTRYPOINT ["callvault"]
CMD ["run", "--config", "/opt/callvault/config", "--routes", "/opt/callvault/routes"]
