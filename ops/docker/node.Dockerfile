# syntax=docker/dockerfile:1
# A Dispotify node (`dispotify node`): data or router role, auto by default. Build from the repository
# root: docker build -f ops/docker/node.Dockerfile -t dispotify-node .
# The build stage is the same as in dns.Dockerfile, instruction for instruction, so building both
# images compiles the project once (BuildKit reuses the cached stage).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true -pl node -am package \
    && cp node/target/dispotify.jar /dispotify.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 dispotify \
    && useradd --system --uid 10001 --gid dispotify --home-dir /var/lib/dispotify --shell /usr/sbin/nologin dispotify \
    && mkdir -p /var/lib/dispotify && chown dispotify:dispotify /var/lib/dispotify
COPY --from=build /dispotify.jar /opt/dispotify/dispotify.jar
COPY --chmod=0755 ops/docker/healthcheck /usr/local/bin/dispotify-healthcheck

# Configuration by environment only: every `dispotify node` option reads a DISPOTIFY_* variable.
# DISPOTIFY_HOST=auto registers this container's own IPv4 address, which other containers reach;
# listening beyond loopback needs DISPOTIFY_CLUSTER_SECRET (the node refuses to start without it).
ENV DISPOTIFY_PORT=8080 \
    DISPOTIFY_HOST=auto \
    DISPOTIFY_BIND=0.0.0.0 \
    DISPOTIFY_ROLE=auto \
    DISPOTIFY_NAME_SERVERS=dns:8500 \
    DISPOTIFY_DIR=/var/lib/dispotify

USER dispotify
WORKDIR /var/lib/dispotify
# SQLite song store, node id and logs.
VOLUME ["/var/lib/dispotify"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["dispotify-healthcheck"]
# Heap as a share of the container's memory limit; serial GC suits the one or two cores a node gets.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/dispotify/dispotify.jar"]
CMD ["node"]
