# Build stage: Maven with Java 17 builds the self-contained jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

# Runtime stage: a slim Java 17 runtime, a non-root user, data on a volume.
FROM eclipse-temurin:17-jre-jammy
RUN groupadd --system giga && useradd --system --gid giga --home /app giga \
    && mkdir -p /app/data && chown -R giga:giga /app
WORKDIR /app
COPY --from=build /src/target/giga-slack.jar /app/giga-slack.jar
USER giga
VOLUME ["/app/data"]
ENV PORT=3000 DATABASE_URL=jdbc:h2:file:/app/data/giga-slack
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:${PORT}/healthz || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/giga-slack.jar"]
