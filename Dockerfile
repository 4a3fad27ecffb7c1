# Build stage: the same Maven build as on a developer machine.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY sql sql
COPY src src
RUN mvn -B -q package -DskipTests

# Runtime stage: a JRE and the fat jar, run as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 connectors
COPY --from=build /src/target/connector-service.jar /app/connector-service.jar
USER connectors
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=5 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET / HTTP/1.0\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "-jar", "/app/connector-service.jar"]
