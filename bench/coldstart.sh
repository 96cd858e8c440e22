#!/usr/bin/env bash
# Time to ready of ./periscope, with and without its AOT start-up cache, in both modes:
#   dev     ./periscope               (embedded demo fleet + development IdP)
#   server  ./periscope --config F    (the production server: a kubeconfig cluster, an OIDC issuer)
# Ready = the first 200 from GET /healthz (polled every 20 ms). Also prints the CPU time the JVM had
# used at that moment (user + system, /proc/PID/stat), which a loaded machine inflates far less than
# the wall time. The variants run interleaved, RUNS rounds (default 5), after one unmeasured start of
# each mode that writes the caches. Needs a built checkout (./periscope builds what is missing).
#
#   bench/coldstart.sh [RUNS] [MODES]      MODES: "dev server" (default), "dev" or "server"
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
modes="${2:-dev server}"
port=18790
work="$(mktemp -d "${TMPDIR:-/tmp}/periscope-coldstart-XXXXXX")"
trap 'rm -rf "$work"' EXIT
tck="$(getconf CLK_TCK)"

# The production server's configuration: nothing it points at answers, which it tolerates at start.
head -c 32 /dev/urandom | base64 > "$work/storage.key"
printf '%s\n' 'apiVersion: v1' 'kind: Config' 'clusters: [{name: lab, cluster: {server: "https://127.0.0.1:9"}}]' \
  'users: [{name: lab, user: {token: lab}}]' 'contexts: [{name: lab, context: {cluster: lab, user: lab}}]' 'current-context: lab' > "$work/kubeconfig"
printf '%s\n' 'clusters:' '  - name: lab' '    backend: kubeconfig' "    kubeconfig: $work/kubeconfig" > "$work/clusters.yaml"
cat > "$work/config.yaml" <<EOF
server: {bindAddress: 127.0.0.1, port: $port}
auth:
  oidc: {issuer: "http://127.0.0.1:9/bench", clientId: periscope-bench}
clusters: {file: $work/clusters.yaml}
storage: {sqlitePath: $work/periscope.db, keyFile: $work/storage.key}
audit: {stdout: false}
EOF

# start MODE AOT(on|off): prints "wall_ms cpu_ms fleet_ms" (fleet_ms: dev mode's demo apiservers up and
# seeded, which happens in the background after ready; "-" for the server)
start() {
  local mode="$1" aot="$2" args=(--port "$port")
  [ "$mode" = server ] && args=(--config "$work/config.yaml")
  local began; began="$(date +%s%N)"
  PERISCOPE_AOT="$aot" PERISCOPE_AUDIT_SQLITE_PATH="$work/dev-audit.db" setsid ./periscope "${args[@]}" >"$work/$mode-$aot.log" 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "bench: $mode ($aot) exited before ready:" >&2; tail -n 20 "$work/$mode-$aot.log" >&2; exit 1; fi
    sleep 0.02
  done
  local ended; ended="$(date +%s%N)"
  local stat; read -r -a stat < "/proc/$pid/stat"
  local fleet=-
  if [ "$mode" = dev ]; then
    until grep -q 'demo fleet up' "$work/$mode-$aot.log"; do
      if ! kill -0 "$pid" 2>/dev/null; then echo "bench: the demo fleet never came up:" >&2; tail -n 20 "$work/$mode-$aot.log" >&2; exit 1; fi
      sleep 0.02
    done
    fleet=$(( ($(date +%s%N) - began) / 1000000 ))
  fi
  echo "$(( (ended - began) / 1000000 )) $(( (stat[13] + stat[14]) * 1000 / tck )) $fleet"
  kill -TERM -- "-$pid"
  wait "$pid" 2>/dev/null || true
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
for mode in $modes; do
  echo "writing the $mode cache if missing (unmeasured start)..."
  start "$mode" on >/dev/null
done
for round in $(seq 1 "$runs"); do
  for mode in $modes; do
    for aot in off on; do
      result="$(start "$mode" "$aot")"
      echo "$mode $aot $result" >> "$work/results"
      read -r wall cpu fleet <<<"$result"
      echo "round $round: $mode, cache $aot: ready after $wall ms, JVM CPU $cpu ms, demo fleet up after $fleet ms (load $(cut -d' ' -f1 /proc/loadavg))"
    done
  done
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
printf '\n%-7s %-6s %16s %16s %18s   (median of %s; min-max)\n' mode cache "wall ms" "JVM CPU ms" "demo fleet up ms" "$runs"
for mode in $modes; do
  for aot in off on; do
    walls="$(awk -v m="$mode" -v a="$aot" '$1==m && $2==a {print $3}' "$work/results")"
    cpus="$(awk -v m="$mode" -v a="$aot" '$1==m && $2==a {print $4}' "$work/results")"
    fleets="$(awk -v m="$mode" -v a="$aot" '$1==m && $2==a && $5!="-" {print $5}' "$work/results")"
    fleet_col=-
    [ -n "$fleets" ] && fleet_col="$(median <<<"$fleets") ($(sort -n <<<"$fleets" | head -1)-$(sort -n <<<"$fleets" | tail -1))"
    printf '%-7s %-6s %7s (%s-%s) %7s (%s-%s) %18s\n' "$mode" "$aot" \
      "$(median <<<"$walls")" "$(sort -n <<<"$walls" | head -1)" "$(sort -n <<<"$walls" | tail -1)" \
      "$(median <<<"$cpus")" "$(sort -n <<<"$cpus" | head -1)" "$(sort -n <<<"$cpus" | tail -1)" "$fleet_col"
  done
done
