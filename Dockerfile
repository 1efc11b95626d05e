# Builds and runs one GoChat node. docker-compose.yml starts it with the services it needs.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml application.yaml ./
COPY proto proto
COPY sql sql
COPY src src
# the tests compile the Java SDK and the CLI from their sources
COPY client/src client/src
COPY cli/src cli/src
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:25-jre
WORKDIR /app
COPY --from=build /src/target/gochat-server.jar gochat-server.jar
COPY application.yaml application.yaml
EXPOSE 9090 9091 9092
# An explicit heap (GOCHAT_HEAP, -Xms and -Xmx) and exit on OutOfMemoryError: the container's restart
# policy starts a fresh node instead of one that serves errors. Give the container heap + ~300 MB.
ENV GOCHAT_HEAP=512m GOCHAT_JAVA_OPTS=""
ENTRYPOINT ["sh", "-c", "exec java -Xms$GOCHAT_HEAP -Xmx$GOCHAT_HEAP -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED $GOCHAT_JAVA_OPTS -jar gochat-server.jar \"$@\"", "gochat"]
