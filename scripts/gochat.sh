#!/usr/bin/env bash
# The command-line client: picks a JDK 25, (re)builds cli/target/gochat.jar when it is missing or
# older than its sources (the CLI and the Java SDK in client/), then runs it with the arguments.
#   scripts/gochat.sh register --phone 13800000001 --nickname alice --password secret
#   scripts/gochat.sh send --to 2 "hi"
#   scripts/gochat.sh chat --group 1
#   scripts/gochat.sh --help
# The login is kept in $GOCHAT_HOME (default ~/.gochat); --server or $GOCHAT_SERVER names the node.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib.sh
source "$root/scripts/lib.sh"
use_jdk25 >/dev/null

jar="$root/cli/target/gochat.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/cli/src" "$root/cli/pom.xml" "$root/client/src" "$root/proto" -newer "$jar" -print -quit)" ]; then
  say "building $jar (once)" >&2
  (cd "$root/cli" && ../mvnw -B -q -DskipTests package) >&2 || die "the CLI did not build"
fi

exec "$JAVA_HOME/bin/java" -jar "$jar" "$@"
