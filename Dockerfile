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
COPY --from=build /src/target/gochat-server.jar /tmp/gochat-server.jar
COPY application.yaml application.yaml
# JDK AOT cache (JEP 483/514): the jar extracted to plain jars (app/gochat-server.jar + app/lib),
# then a start-up training run of a standalone node, made by this image's own JVM (the cache only
# fits the JVM and flags that made it). scripts/aot-cache.sh makes a fuller one, with traffic.
RUN java -Djarmode=tools -jar /tmp/gochat-server.jar extract --destination app && rm /tmp/gochat-server.jar \
 && java -Xms512m -Xmx512m -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput=gochat-server.aot \
      -Dspring.context.exit=onRefresh -jar app/gochat-server.jar --app.data-dir=/tmp/aot-training \
 && rm -rf /tmp/aot-training logs
EXPOSE 9090 9091 9092
# An explicit heap (GOCHAT_HEAP, -Xms and -Xmx) and exit on OutOfMemoryError: the container's restart
# policy starts a fresh node instead of one that serves errors. Give the container heap + ~300 MB.
ENV GOCHAT_HEAP=512m GOCHAT_JAVA_OPTS=""
ENTRYPOINT ["sh", "-c", "exec java -Xms$GOCHAT_HEAP -Xmx$GOCHAT_HEAP -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED -XX:AOTCache=gochat-server.aot $GOCHAT_JAVA_OPTS -jar app/gochat-server.jar \"$@\"", "gochat"]
