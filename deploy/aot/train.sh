#!/usr/bin/env bash
# Writes an AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) for Periscope
# by one training run: starts the server on loopback with a throw-away configuration, waits for
# "Periscope listening", asks /healthz once, stops it (the JVM writes the cache as it exits), and
# checks that the JVM starts with the cache.
#
#   deploy/aot/train.sh dev|server CACHE_FILE JAVA [JVM_FLAG...] -- -cp CLASSPATH MAIN   (or -- -jar JAR)
#
# dev: the embedded demo fleet and development IdP (io.periscope.demo.DevMain --demo);
# server: the production server (io.periscope.Main) with a kubeconfig cluster and an OIDC issuer
# that do not answer, which the server tolerates at start-up. Nothing outside a temporary
# directory is written except CACHE_FILE. Start later runs with the same JVM, the same class path
# (same jar files, sizes and times) and -XX:AOTCache=CACHE_FILE; the JVM refuses a cache that
# does not match and starts without it. Exit status 0 when the cache was written.
set -euo pipefail
mode="$1"; cache="$2"; shift 2
jvm=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do jvm+=("$1"); shift; done
[ $# -gt 1 ] || { echo "train.sh: missing -- and the launch arguments (-cp CLASSPATH MAIN or -jar JAR)" >&2; exit 2; }
shift
launch=("$@")
work="$(mktemp -d "${TMPDIR:-/tmp}/periscope-aot-XXXXXX")"
pid=""
trap 'rm -rf "$work"' EXIT
# A stop (Ctrl-C, or a TERM to ./periscope while it trains) takes the training JVM with it, which would
# otherwise keep running and holding its port, and drops the cache it writes as it exits: that one was
# neither trained on a request nor checked below.
stop() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -f "$cache" "$cache.config"
  exit "$1"
}
trap 'stop 143' TERM
trap 'stop 130' INT

case "$mode" in
  dev)
    app_args=(--demo --port 0)
    export PERISCOPE_AUDIT_SQLITE_PATH="$work/audit.db" PERISCOPE_LOG_FORMAT=text
    ;;
  server)
    head -c 32 /dev/urandom | base64 > "$work/storage.key"
    cat > "$work/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: training, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: training, user: {token: training}}]
contexts: [{name: training, context: {cluster: training, user: training}}]
current-context: training
EOF
    cat > "$work/clusters.yaml" <<EOF
clusters:
  - name: training
    backend: kubeconfig
    kubeconfig: $work/kubeconfig
EOF
    cat > "$work/config.yaml" <<EOF
server: {bindAddress: 127.0.0.1, port: 0}
auth:
  oidc: {issuer: "http://127.0.0.1:9/aot-training", clientId: periscope-aot-training}
clusters: {file: $work/clusters.yaml}
storage: {sqlitePath: $work/periscope.db, keyFile: $work/storage.key}
audit: {stdout: false}
EOF
    app_args=(--config "$work/config.yaml")
    ;;
  *) echo "train.sh: mode must be dev or server" >&2; exit 2 ;;
esac

rm -f "$cache" "$cache.config"
log="$work/training.log"
"${jvm[@]}" "-XX:AOTCacheOutput=$cache" -Xlog:aot=off -Xlog:cds=off "${launch[@]}" "${app_args[@]}" >"$log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 1200); do
  port="$(sed -n 's/.*Periscope listening on [^:]*:\([0-9]*\).*/\1/p' "$log" | head -n 1)"
  if [ -n "$port" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$port" ]; then
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "train.sh: the training run did not start; its log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
# One request, so the request path's classes are in the cache too (bash's /dev/tcp: no curl needed).
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
timeout 10 cat <&3 >/dev/null || true
exec 3<&-
kill -TERM "$pid"
wait "$pid" || true
[ -s "$cache" ] || { echo "train.sh: the JVM wrote no cache; its log:" >&2; tail -n 20 "$log" >&2; exit 1; }
# A JVM that cannot use a cache it wrote may crash at start instead of refusing it (JDK 25.0.3 did for a
# cache trained with -XX:TieredStopAtLevel=1): start once with it and drop it unless that works.
if ! "${jvm[@]}" "-XX:AOTCache=$cache" -Xlog:aot=off -Xlog:cds=off "${launch[@]}" --help >"$work/check.log" 2>&1; then
  echo "train.sh: the JVM does not start with the cache it wrote; dropped it:" >&2
  head -n 12 "$work/check.log" >&2
  rm -f "$cache" hs_err_pid*.log
  exit 1
fi
