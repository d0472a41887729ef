# syntax=docker/dockerfile:1
# The Dispotify name service (`dispotify dns`): HTTP API on 8500, DNS on 8600 (UDP and TCP). Build from
# the repository root: docker build -f ops/docker/dns.Dockerfile -t dispotify-dns .
# The build stage is the same as in node.Dockerfile, instruction for instruction, so building both
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

# Configuration by environment only: every `dispotify dns` option reads a DISPOTIFY_* variable.
# Listening beyond loopback needs DISPOTIFY_CLUSTER_SECRET (the name service refuses to start without it).
ENV DISPOTIFY_PORT=8500 \
    DISPOTIFY_DNS_PORT=8600 \
    DISPOTIFY_BIND=0.0.0.0 \
    DISPOTIFY_DIR=/var/lib/dispotify

USER dispotify
WORKDIR /var/lib/dispotify
# The records' SQLite file, so a restarted name service answers at once.
VOLUME ["/var/lib/dispotify"]
EXPOSE 8500 8600/udp 8600/tcp
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["dispotify-healthcheck"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/dispotify/dispotify.jar"]
CMD ["dns"]
