#!/usr/bin/env bash
# Runs a real single-node Apache Kafka 4 broker (KRaft, broker and controller in one JVM) on
# 127.0.0.1 from Maven Central jars, and prints its bootstrap address on stdout; progress goes to
# stderr. Needs java 17+ and, the first time only, mvn (both installed from Debian packages when
# missing, as root, unless KAFKA_INSTALL=0).
#
#   deploy/local/kafka.sh [start|stop|status|jars] [--port N] [--controller-port N] [--dir DIR]
#
#   start   (default) formats DIR once, starts the broker unless it already runs, waits until it
#           logs "Kafka Server started", prints 127.0.0.1:PORT
#   stop    SIGTERM, waits for the broker to exit (SIGKILL after KAFKA_STOP_TIMEOUT seconds)
#   status  prints the address and exits 0 when the broker of DIR runs and answers, else exits 1
#   jars    downloads the jars once (cached) and prints the directory holding them
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (port + 1), KAFKA_DIR (data dir,
# ${TMPDIR:-/tmp}/coordination-ledger-kafka-PORT), KAFKA_VERSION (newest 4.x that resolves),
# KAFKA_START_TIMEOUT (90 s), KAFKA_STOP_TIMEOUT (30 s), KAFKA_HEAP_OPTS (-Xms256m -Xmx512m),
# KAFKA_JVM_OPTS (-XX:+UseSerialGC -XX:TieredStopAtLevel=1: quickest start-up for a test broker),
# KAFKA_CDS (1: share a class-data archive between brokers, see class_archive; 0: do not).
# Several brokers can run at once: give each its own port, controller port and dir. Stopping and
# starting a broker again on the same dir keeps its topics and messages.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CONF="$HERE/kafka"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/coordination-ledger"
# Newest first; the first one already cached, else the first one Maven resolves, is used.
KAFKA_VERSIONS=${KAFKA_VERSION:-"4.4.0 4.3.1 4.2.2 4.1.1"}

say() { echo "kafka.sh: $*" >&2; }
die() { say "$*"; exit 1; }

command_name=start
case "${1:-}" in start | stop | status | jars) command_name=$1; shift ;; esac
PORT=${KAFKA_PORT:-9092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-}
DIR=${KAFKA_DIR:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT=${2:?--port needs a value}; shift 2 ;;
    --port=*) PORT=${1#*=}; shift ;;
    --controller-port) CONTROLLER_PORT=${2:?--controller-port needs a value}; shift 2 ;;
    --controller-port=*) CONTROLLER_PORT=${1#*=}; shift ;;
    --dir) DIR=${2:?--dir needs a value}; shift 2 ;;
    --dir=*) DIR=${1#*=}; shift ;;
    *) die "unknown argument: $1 (usage: kafka.sh [start|stop|status|jars] [--port N] [--controller-port N] [--dir DIR])" ;;
  esac
done
CONTROLLER_PORT=${CONTROLLER_PORT:-$((PORT + 1))}
DIR=$(realpath -m "${DIR:-${TMPDIR:-/tmp}/coordination-ledger-kafka-${PORT}}")
ADDRESS="127.0.0.1:${PORT}"
PID_FILE="$DIR/kafka.pid"
LOG="$DIR/kafka.log"

# Like postgres.sh, installs a missing tool from Debian packages when it can (root, apt-get),
# unless KAFKA_INSTALL=0.
need() {
  local tool=$1 package=$2
  command -v "$tool" >/dev/null 2>&1 && return 0
  if [ "${KAFKA_INSTALL:-1}" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${package} from Debian packages for ${tool}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "$package" >&2
  fi
  command -v "$tool" >/dev/null 2>&1 || die "${tool} is needed ($3)"
}

# Sets LIB to a directory holding every jar of one Kafka version; calls Maven only when none is cached.
resolve_jars() {
  local version lib partial
  for version in $KAFKA_VERSIONS; do
    lib="$CACHE/kafka-${version}/lib"
    if [ -f "$lib/.complete" ]; then LIB=$lib; return; fi
  done
  need mvn maven "once, to download the Kafka jars into ${CACHE}"
  for version in $KAFKA_VERSIONS; do
    lib="$CACHE/kafka-${version}/lib"
    # Own download dir: test processes may resolve at the same time; the first to finish wins.
    partial="$lib.partial.$$"
    say "downloading Kafka ${version} jars from Maven Central into ${lib}"
    mkdir -p "$partial"
    if mvn -B -f "$CONF/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
      -Dkafka.version="$version" -DoutputDirectory="$partial" >"$partial.log" 2>&1; then
      touch "$partial/.complete"
      [ -f "$lib/.complete" ] || { rm -rf "$lib" && mv -T "$partial" "$lib"; } 2>/dev/null || true
      rm -rf "$partial" "$partial.log"
      [ -f "$lib/.complete" ] || die "could not move the jars into ${lib}"
      LIB=$lib
      return
    fi
    grep -E '^\[ERROR\]' "$partial.log" | head -n 3 >&2 || true
    mv -f "$partial.log" "$lib.mvn.log"
    rm -rf "$partial"
    say "Kafka ${version} did not resolve (Maven log: ${lib}.mvn.log); trying an older version"
  done
  die "no Kafka version of [${KAFKA_VERSIONS}] resolved from Maven Central"
}

# The pid of the broker of DIR when it runs, else nothing (a stale pid file is ignored).
broker_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 0
  pid=$(cat "$PID_FILE")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 0
  # The pid may have been reused by another process since: it must be the broker of this dir.
  if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $DIR/server.properties"; then echo "$pid"; fi
}

# True while process $1 runs (a zombie left for a parent that does not reap it counts as gone).
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [ "$(echo "${stat##*) }" | cut -d' ' -f1)" != Z ]
}

# True when something accepts TCP connections on 127.0.0.1:$1.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cmd_jars() {
  resolve_jars
  echo "$LIB"
}

cmd_status() {
  local pid
  pid=$(broker_pid)
  if [ -n "$pid" ] && listening "$PORT"; then
    say "broker pid ${pid} answers on ${ADDRESS} (dir ${DIR})"
    echo "$ADDRESS"
    return 0
  fi
  if [ -n "$pid" ]; then say "broker pid ${pid} runs but does not answer on ${ADDRESS}"; else say "no broker runs for ${DIR}"; fi
  return 1
}

cmd_stop() {
  local pid timeout=${KAFKA_STOP_TIMEOUT:-30} started=$SECONDS began
  pid=$(broker_pid)
  if [ -z "$pid" ]; then
    say "no broker runs for ${DIR}"
    rm -f "$PID_FILE"
    return 0
  fi
  say "stopping broker pid ${pid} on ${ADDRESS}"
  began=$(date +%s%N)
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid" && [ $((SECONDS - started)) -lt "$timeout" ]; do sleep 0.1; done
  if alive "$pid"; then
    say "broker pid ${pid} still runs after ${timeout} s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    while alive "$pid"; do sleep 0.1; done
    rm -f "$DIR/classes.jsa" # maybe half written
  fi
  rm -f "$PID_FILE"
  say "stopped in $((($(date +%s%N) - began) / 1000000)) ms"
  keep_class_archive
}

# Class-data sharing: a broker started without an archive writes one of the classes it loaded
# when it exits; the first clean exit moves it to the jar cache, and later brokers map it and
# start in about 1.8 s instead of 3 s (2 cores). The name changes with the java binary, whose
# archives no other build accepts.
class_archive() { echo "$(dirname "$LIB")/classes-$(realpath "$(command -v java)" | cksum | cut -d' ' -f1)-$(stat -Lc %Y "$(command -v java)").jsa"; }

keep_class_archive() {
  local target
  if [ -s "$DIR/classes.jsa" ] && [ -f "$DIR/classes.jsa.target" ]; then
    target=$(cat "$DIR/classes.jsa.target")
    if [ ! -f "$target" ] && cp "$DIR/classes.jsa" "$target.$$" 2>/dev/null; then
      mv -f "$target.$$" "$target"
      say "kept a class-data archive for faster starts: ${target}"
    fi
  fi
  rm -f "$DIR/classes.jsa" "$DIR/classes.jsa.target"
}

cmd_start() {
  local pid started timeout=${KAFKA_START_TIMEOUT:-90} cluster_id
  need java default-jre-headless "version 17 or newer, to run Kafka"
  mkdir -p "$DIR"

  pid=$(broker_pid)
  if [ -n "$pid" ]; then
    if listening "$PORT"; then
      say "broker pid ${pid} already answers on ${ADDRESS} (dir ${DIR})"
      echo "$ADDRESS"
      return 0
    fi
    die "broker pid ${pid} of ${DIR} runs but does not answer on ${ADDRESS}: run 'kafka.sh stop --dir ${DIR}' first"
  fi
  listening "$PORT" && die "port ${PORT} is already taken by another process"
  listening "$CONTROLLER_PORT" && die "controller port ${CONTROLLER_PORT} is already taken by another process"

  resolve_jars
  sed -e "s|@PORT@|${PORT}|g" -e "s|@CONTROLLER_PORT@|${CONTROLLER_PORT}|g" -e "s|@LOG_DIRS@|${DIR}/data|g" \
    "$CONF/server.properties" >"$DIR/server.properties"

  local heap jvm java_opts
  read -r -a heap <<<"${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
  read -r -a jvm <<<"${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
  java_opts=(
    "${heap[@]}"
    "${jvm[@]}"
    -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$CONF/log4j2.xml"
    -Dkafka.logs.dir="$DIR"
  )

  # Class-data sharing, see class_archive: map the archive when there is one, else write one.
  local cds=() shared=() archive
  if [ "${KAFKA_CDS:-1}" = 1 ]; then
    archive=$(class_archive)
    rm -f "$DIR/classes.jsa" "$DIR/classes.jsa.target"
    if [ -f "$archive" ]; then
      shared=(-XX:SharedArchiveFile="$archive")
      cds=("${shared[@]}")
    else
      cds=(-XX:ArchiveClassesAtExit="$DIR/classes.jsa")
      echo "$archive" >"$DIR/classes.jsa.target"
    fi
  fi

  # Format once per data dir; the cluster id is kept beside the data for a later reformat.
  if [ ! -f "$DIR/data/meta.properties" ]; then
    if [ -f "$DIR/cluster-id" ]; then
      cluster_id=$(cat "$DIR/cluster-id")
    else
      # What `StorageTool random-uuid` prints (16 random bytes, URL-safe base64, no leading
      # dash), without starting a JVM for it.
      cluster_id=-
      while [ "${cluster_id#-}" != "$cluster_id" ]; do
        cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
      done
      echo "$cluster_id" >"$DIR/cluster-id"
    fi
    say "formatting ${DIR}/data (cluster id ${cluster_id})"
    java "${java_opts[@]}" "${shared[@]}" -Dkafka.log.name=format.log -cp "$LIB/*" kafka.tools.StorageTool format --standalone \
      -t "$cluster_id" -c "$DIR/server.properties" >>"$DIR/format.out" 2>&1 ||
      { tail -n 20 "$DIR/format.out" >&2; die "formatting ${DIR}/data failed"; }
  fi

  # Keep the previous run's log for reading, and wait for the line of this run only.
  [ -f "$LOG" ] && mv -f "$LOG" "$DIR/kafka.previous.log"
  [ -f "$DIR/console.out" ] && mv -f "$DIR/console.out" "$DIR/console.previous.out"
  say "starting Kafka $(basename "$(dirname "$LIB")" | sed 's/^kafka-//') on ${ADDRESS} (controller ${CONTROLLER_PORT}, dir ${DIR})"
  rm -f "$PID_FILE"
  started=$(date +%s%N)
  SECONDS=0
  # setsid: the broker outlives this script and is not hit by signals sent to the caller's group.
  # The inner shell writes its own pid, then becomes java.
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' kafka-broker "$PID_FILE" \
    java "${java_opts[@]}" "${cds[@]}" -cp "$LIB/*" kafka.Kafka "$DIR/server.properties" \
    >"$DIR/console.out" 2>&1 </dev/null &
  for _ in $(seq 1 100); do [ -s "$PID_FILE" ] && break; sleep 0.05; done
  [ -s "$PID_FILE" ] || die "the broker process did not start (see ${DIR}/console.out)"
  pid=$(cat "$PID_FILE")

  until grep -q "Kafka Server started" "$LOG" 2>/dev/null; do
    if ! alive "$pid"; then
      tail -n 40 "$LOG" >&2 2>/dev/null || true
      tail -n 20 "$DIR/console.out" >&2 || true
      rm -f "$PID_FILE"
      die "the broker exited during start-up (logs: ${LOG}, ${DIR}/console.out)"
    fi
    if [ "$SECONDS" -ge "$timeout" ]; then
      tail -n 40 "$LOG" >&2 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      die "the broker did not start within ${timeout} s (log: ${LOG})"
    fi
    sleep 0.1
  done
  say "broker pid ${pid} started in $((($(date +%s%N) - started) / 1000000)) ms"
  echo "$ADDRESS"
}

case "$command_name" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  jars) cmd_jars ;;
esac
