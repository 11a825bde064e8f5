# Base images can be swapped at build time (e.g. mirrored or locally built ones):
#   docker build --build-arg BUILD_IMAGE=... --build-arg RUNTIME_IMAGE=... .
# The runtime image needs java, groupadd and useradd, and fontconfig with a font (or apt-get to install them).
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-jammy

# Build stage: Maven with Java 17 builds the self-contained jar.
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

# noVNC for the desktop viewer, from the distribution's novnc package, so an installation behind a firewall
# needs no CDN: only its browser modules (core/, vendor/) go into the runtime image.
FROM ${BUILD_IMAGE} AS novnc
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends novnc \
    && test -f /usr/share/novnc/core/rfb.js

# Runtime stage: a slim Java 17 runtime, a non-root user, data on a volume.
FROM ${RUNTIME_IMAGE}
# The /giga usage chart is drawn with Java's 2D graphics (headless), whose text needs fontconfig and one font. A base
# whose fc-list finds no font (e.g. one made from Debian's openjdk-17-jre-headless) gets both from apt-get.
RUN if ! fc-list 2>/dev/null | grep -q . ; then \
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            fontconfig fonts-dejavu-core && rm -rf /var/lib/apt/lists/*; \
    fi
RUN groupadd --system giga && useradd --system --gid giga --home /app giga \
    && mkdir -p /app/data && chown -R giga:giga /app
WORKDIR /app
COPY --from=build /src/target/giga-slack.jar /app/giga-slack.jar
COPY --from=novnc /usr/share/novnc/core /app/novnc/core
COPY --from=novnc /usr/share/novnc/vendor /app/novnc/vendor
# The viewer serves this copy itself (DESKTOP_VIEWER_NOVNC_DIR); set it to empty to load the pinned CDN release.
ENV DESKTOP_VIEWER_NOVNC_DIR=/app/novnc
USER giga
VOLUME ["/app/data"]
# Defaults (port 3000, database ./data/ = /app/data) come from the app itself, so a mounted --config
# file can still change them; environment variables given to `docker run` override both.
EXPOSE 3000
# The probe is a tiny class in the jar, so the slim image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["java", "-Xmx16m", "-XX:TieredStopAtLevel=1", "-cp", "/app/giga-slack.jar", "io.gigaslack.ops.HealthProbe"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Djava.awt.headless=true", "-jar", "/app/giga-slack.jar"]
