# The Dispotify name service (`dispotify dns`): HTTP API on 8500, DNS on 8600 (UDP and TCP). Build from
# the repository root: docker build -f ops/docker/dns.Dockerfile -t dispotify-dns .
# The build stage is the same as in node.Dockerfile, instruction for instruction, so building both
# images compiles the project once (BuildKit reuses the cached stage).
# The base images are build arguments, so the images build where Docker Hub cannot be reached, e.g. with
# ../shared/tools/docker-engine.sh's: --build-arg JDK_IMAGE=dispotify-base/jdk:17 --build-arg
# JRE_IMAGE=dispotify-base/jre:17 (docker-compose.yml passes DISPOTIFY_JDK_IMAGE / DISPOTIFY_JRE_IMAGE).
# No "# syntax=" line: BuildKit's built-in frontend, which needs no image from a registry.
ARG JDK_IMAGE=eclipse-temurin:17-jdk
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true -pl node -am package \
    && cp node/target/dispotify.jar /dispotify.jar

FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 dispotify \
    && useradd --system --uid 10001 --gid dispotify --home-dir /var/lib/dispotify --shell /usr/sbin/nologin dispotify \
    && mkdir -p /var/lib/dispotify && chown dispotify:dispotify /var/lib/dispotify
COPY --from=build /dispotify.jar /opt/dispotify/dispotify.jar
COPY --chmod=0755 ops/docker/healthcheck /usr/local/bin/dispotify-healthcheck
# Fast starts baked in: `prepare` extracts the jar and trains a class-data archive (an AOT cache on JDK 25+)
# with this image's own Java, then writes the java arguments that use them to an argument file, which the
# ENTRYPOINT reads (java's @file). An archive that does not fit is ignored by the JVM, never fatal. The other
# server's archive goes (this image never runs it), and only new files are chmod-ed: touching the jar of the
# layer below would copy its 69 MB into this one.
RUN DISPOTIFY_STARTUP_CACHE=/opt/dispotify/startup-cache \
    java -jar /opt/dispotify/dispotify.jar prepare --print-launch dns > /opt/dispotify/dns.args \
    && rm -f /opt/dispotify/startup-cache/java-*/node.* && rm -rf /tmp/* \
    && chmod -R a+rX /opt/dispotify/startup-cache /opt/dispotify/dns.args

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
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "@/opt/dispotify/dns.args"]
CMD ["dns"]
