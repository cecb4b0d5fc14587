# syntax=docker/dockerfile:1
# OpenAgent image: built with Maven, run on a JRE 17 as a non-root user.
# Build: ./build-docker.sh (buildx, amd64/arm64), or: docker build -t openagent:latest .

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY routes ./routes
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
ENV WHATAP_HOME=/app \
    OPENAGENT_MANAGEMENT_PORT=9464 \
    MALLOC_ARENA_MAX=2 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -Xms32m -Xmn16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:+ExitOnOutOfMemoryError"
RUN groupadd --system --gid 10001 openagent \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin openagent \
 && mkdir -p /app/logs /app/spool /opt/openagent
COPY --from=build /src/target/openagent.jar /opt/openagent/openagent.jar
COPY config/whatap.conf config/scrape_config.yaml /app/
RUN chown -R 10001:10001 /app
USER 10001:10001
WORKDIR /app
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", "/opt/openagent/openagent.jar", "io.openagent.Main", "health"]
ENTRYPOINT ["java", "-jar", "/opt/openagent/openagent.jar"]
# The worker; without an argument the agent runs as a supervisor of a worker JVM.
CMD ["foreground"]
