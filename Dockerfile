# The Cruddur sample app with the Quartet agent, built from this repository (docker-compose.yml's backend-java).
#
# Stage "build" builds the two jars (Maven, Java 17, tests not compiled) from the sources copied below; the run stage
# is a JRE with the two jars. No secret is baked in: every credential comes from the environment at run time.
# CI has no Docker engine: it runs this build stage's COPY and RUN lines as a script (DockerfileBuildStageIT).

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY agent/pom.xml agent/pom.xml
COPY agent/src agent/src
COPY sample-app/pom.xml sample-app/pom.xml
COPY sample-app/src/main sample-app/src/main
# The reactor also lists the compatibility suite (compat/: third-party apps for the tests), which the image does not
# need and the stage does not copy.
RUN sed -i '/<module>compat<\/module>/d' pom.xml && mvn -B -q -Dmaven.test.skip=true package
RUN test -s agent/target/quartet-agent.jar && test -s sample-app/target/sample-app.jar

FROM eclipse-temurin:17.0.13_11-jre-jammy
RUN useradd --system --uid 10001 --home-dir /app cruddur \
    && mkdir -p /app/quartet-telemetry \
    && chown cruddur /app/quartet-telemetry
WORKDIR /app
COPY --from=build /src/agent/target/quartet-agent.jar /src/sample-app/target/sample-app.jar /app/
# the students' custom spans and subsegments (docs/RULES.md)
COPY sample-app/quartet-rules.yaml /app/quartet-rules.yaml
USER cruddur
ENV PORT=4567 \
    QUARTET_TELEMETRY_DIR=/app/quartet-telemetry \
    QUARTET_RULES_FILE=/app/quartet-rules.yaml
EXPOSE 4567
ENTRYPOINT ["java", "-javaagent:/app/quartet-agent.jar", "-jar", "/app/sample-app.jar"]
