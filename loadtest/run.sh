#!/usr/bin/env bash
# Runs the load generator with the given arguments: picks a JDK 25, (re)builds the jar when it is
# missing or older than its sources, then runs it. Examples are in README.md beside this file.
#   loadtest/run.sh --members 50 --online 50 --senders 10 --rounds 3
#   loadtest/run.sh single --pairs 100 --per-second 5 --seconds 10
#   loadtest/run.sh idle --online 5000 --hold 60 --server-pid 1234
# LOADTEST_JAVA_OPTS adds JVM options (e.g. -Xmx2g).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
use_jdk25

jar="$here/target/gochat-loadtest.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src/main" "$here/pom.xml" "$here/../proto" -newer "$jar" -print -quit)" ]; then
  say "building $jar"
  (cd "$here" && ../mvnw -B -q -DskipTests package) || die "the load generator did not build"
fi

# compact object headers: less heap per connection object, as the server runs
exec "$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders ${LOADTEST_JAVA_OPTS:-} -jar "$jar" "$@"
