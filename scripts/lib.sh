# Shared by the scripts in this folder and .ci/run: pick a JDK 25 and make sure the services a
# node needs (MariaDB/MySQL, Redis, RabbitMQ, etcd) answer on 127.0.0.1. Sourced, not run.

say() { printf '[gochat] %s\n' "$*"; }
die() { printf '[gochat] ERROR: %s\n' "$*" >&2; exit 1; }

java_major() {
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print v[1]; exit }'
}

# Points JAVA_HOME at a JDK 25 or newer: JAVA_HOME if it is one, else the java on PATH, else one
# under /usr/lib/jvm.
use_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ] 2>/dev/null; then
    :
  elif command -v javac >/dev/null 2>&1 && [ "$(java_major java)" -ge 25 ] 2>/dev/null; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  else
    local candidate found=""
    for candidate in /usr/lib/jvm/*; do
      if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 25 ] 2>/dev/null; then
        found=$candidate
        break
      fi
    done
    [ -n "$found" ] || die "a JDK 25 is needed (the default java here is $(java_major java 2>/dev/null || echo none)). Install one, e.g. Eclipse Temurin 25, and set JAVA_HOME to it."
    JAVA_HOME=$found
  fi
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
  say "JDK: $JAVA_HOME"
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() { # port name seconds
  local i
  for ((i = 0; i < $3; i++)); do
    listening "$1" && return 0
    sleep 1
  done
  die "$2 did not start listening on 127.0.0.1:$1 within $3 s"
}

# Installs a Debian package when we may (root with apt-get); otherwise says what to do.
install_package() { # package what
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "$2 is not installed: apt-get install -y $1"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null; then
      apt-get update -q >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null || die "could not install $1"
    fi
  else
    die "$2 is not installed. Install the package $1 (or run $2 elsewhere and point application.yaml at it)."
  fi
}

ensure_mariadb() {
  if listening 3306; then
    say "MariaDB/MySQL: already listening on 127.0.0.1:3306"
  else
    [ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ] || install_package mariadb-server "MariaDB"
    local daemon=/usr/sbin/mariadbd
    [ -x "$daemon" ] || daemon=/usr/sbin/mysqld
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    say "MariaDB: starting $daemon"
    start-stop-daemon --start --oknodo --background --exec "$daemon"
    wait_for_port 3306 MariaDB 60
  fi
  # A fresh Debian install lets root in only through the socket; the node logs in over TCP
  # as root with an empty password (application.yaml).
  if ! mysql -h127.0.0.1 -uroot -e 'SELECT 1' >/dev/null 2>&1; then
    say "MariaDB: allowing root with an empty password over TCP"
    mysql -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket" \
      || die "cannot log in to MariaDB as root; set spring.datasource.username/password in application.yaml"
  fi
}

ensure_redis() {
  if listening 6379; then
    say "Redis: already listening on 127.0.0.1:6379"
    return
  fi
  command -v redis-server >/dev/null 2>&1 || install_package redis-server "Redis"
  say "Redis: starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  wait_for_port 6379 Redis 30
}

ensure_rabbitmq() {
  if listening 5672; then
    say "RabbitMQ: already listening on 127.0.0.1:5672"
    return
  fi
  command -v rabbitmq-server >/dev/null 2>&1 || install_package rabbitmq-server "RabbitMQ"
  say "RabbitMQ: starting rabbitmq-server"
  rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_for_port 5672 RabbitMQ 120
}

ensure_etcd() {
  if listening 2379; then
    say "etcd: already listening on 127.0.0.1:2379"
    return
  fi
  command -v etcd >/dev/null 2>&1 || install_package etcd-server "etcd"
  local dir="${TMPDIR:-/tmp}/gochat-etcd"
  mkdir -p "$dir"
  say "etcd: starting on 127.0.0.1:2379 (data in $dir, log in $dir/etcd.log)"
  nohup etcd --name gochat --data-dir "$dir/data" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster gochat=http://127.0.0.1:2380 >"$dir/etcd.log" 2>&1 &
  wait_for_port 2379 etcd 30
}

# The database and its schema (idempotent: the script only creates what is missing; the node
# applies the same script through Flyway at startup).
ensure_schema() { # repository root
  mysql -h127.0.0.1 -uroot -e 'CREATE DATABASE IF NOT EXISTS gochat DEFAULT CHARACTER SET utf8mb4'
  mysql -h127.0.0.1 -uroot gochat < "$1/sql/create_table.sql"
  say "MariaDB: database gochat and its tables are in place"
}

ensure_services() { # repository root
  ensure_mariadb
  ensure_redis
  ensure_rabbitmq
  ensure_etcd
  ensure_schema "$1"
}

# The browser tests of the web page drive Debian's headless Chromium through chromedriver.
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "Chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
    return
  fi
  [ -x /usr/bin/chromium ] || install_package chromium "Chromium (for the browser tests)"
  [ -x /usr/bin/chromedriver ] || install_package chromium-driver "chromedriver (for the browser tests)"
}
