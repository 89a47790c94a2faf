#!/usr/bin/env bash
# Measures WS-Fed token issuance with a live session using wrk against a Release server on 127.0.0.1, next to this
# machine's RSA-2048 signing rate. Usage: scripts/bench-wsfed.sh [duration=20s] [connections=16]
# STATE=redis keeps sessions in a redis-server of its own (free port, no persistence) and also reports Redis commands
# per request and the bytes one session takes; the default (STATE=memory) is the single-instance in-memory store.
# OPENSSL=0 skips the signing-rate measurement.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-20s}"; connections="${2:-16}"
state="${STATE:-memory}"
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }
case "$state" in
  memory) ;;
  redis) command -v redis-server >/dev/null || { echo "STATE=redis needs redis-server: apt-get install redis-server" >&2; exit 2; } ;;
  *) echo "STATE must be memory or redis" >&2; exit 2 ;;
esac

work="$(mktemp -d /tmp/idpfed-bench.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
server_pid=""
redis_port=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  [ -n "$redis_port" ] && [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null
  wait 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$repo/IdpFederation.sln" -c Release -nologo -v q >/dev/null
server="$repo/src/IdpFederation.Server/bin/Release/net10.0/IdpFederation.Server.dll"
cli="$repo/src/IdpFederation.Cli/bin/Release/net10.0/idpfed.dll"

mkdir -p "$work/config"
openssl req -x509 -newkey rsa:2048 -sha256 -days 30 -nodes -subj "/CN=bench" -keyout "$work/k.pem" -out "$work/c.pem" 2>/dev/null
openssl pkcs12 -export -in "$work/c.pem" -inkey "$work/k.pem" -out "$work/config/signing.pfx" -passout pass: 2>/dev/null
python3 - "$repo/config/idpfederation.json" "$work/config/idpfederation.json" "$base" "$work/data" <<'PY'
import json, sys
src, dst, base, data = sys.argv[1:]
config = json.load(open(src))
config["Logging"] = {"LogLevel": {"Default": "Warning"}}
config["Idp"].update({"PublicBaseUrl": base, "DataDirectory": data, "Signing": {"Current": {"Path": "signing.pfx"}}})
json.dump(config, open(dst, "w"), indent=2)
PY
export IDPFED_CONFIG_DIR="$work/config" ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production
if [ "$state" = redis ]; then
  redis_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" \
    --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export Idp__State__Redis="127.0.0.1:$redis_port"
  echo "Sessions in Redis at $Idp__State__Redis ($(redis-server --version | awk '{print $3}'))"
fi
echo 'Bench-Password-1!' | dotnet "$cli" user add bench@contoso.com --password-stdin >/dev/null
dotnet "$server" --urls "$base" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "$base/health/live" >/dev/null && break; sleep 0.2; done

signin="$base/adfs/ls/?wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx=LoginOptions%3D3%26estsredirect%3D2%26estsrequest%3Drbench"
jar="$work/cookies"
login_path="$(curl -fs -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$signin")"
token="$(curl -fs -c "$jar" -b "$jar" "$login_path" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p')"
curl -fs -c "$jar" -b "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "Username=bench@contoso.com" --data-urlencode 'Password=Bench-Password-1!' "$login_path"
session="$(awk '$6=="idpfed.session"{print $7}' "$jar")"
[ -n "$session" ] || { echo "login failed" >&2; cat "$work/server.log" >&2; exit 1; }
curl -fs -b "idpfed.session=$session" "$signin" | grep -q 'name="wresult"' || { echo "no token with session" >&2; exit 1; }

# Warm up first (JIT, tiered compilation, the state store's connection), so the measured run compares steady states:
# without it the first seconds of every run are slower, and by more for whichever path has more code to compile.
wrk -t2 -c"$connections" -d"${WARMUP:-10s}" -H "Cookie: idpfed.session=$session" "$signin" >/dev/null
[ -n "${PROFILE:-}" ] && { ~/.dotnet/tools/dotnet-trace collect -p "$server_pid" --format speedscope -o "$PROFILE" --duration 00:00:00:15 >/dev/null 2>&1 & }
echo "== wrk: WS-Fed token issuance with a live session ($state state), $connections connections, $duration =="
# CPU time per request, from /proc (utime + stime of the process, in clock ticks), steadier than throughput on a
# machine whose speed drifts between runs: it counts the work, not how fast the cores happened to do it.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
redis_pid="$([ -f "$work/redis.pid" ] && cat "$work/redis.pid" || true)"
server_before="$(cpu_ticks "$server_pid")"; redis_before="$([ -n "$redis_pid" ] && cpu_ticks "$redis_pid" || echo 0)"
wrk -t2 -c"$connections" -d"$duration" --latency -H "Cookie: idpfed.session=$session" "$signin" | tee "$work/wrk.txt"
server_after="$(cpu_ticks "$server_pid")"; redis_after="$([ -n "$redis_pid" ] && cpu_ticks "$redis_pid" || echo 0)"
python3 -c "import sys; s,r,n,hz=map(float,sys.argv[1:]); print(f'CPU per request: server {s/hz/n*1e6:.0f} us, redis-server {r/hz/n*1e6:.0f} us')" \
  "$((server_after - server_before))" "$((redis_after - redis_before))" "$(awk '/requests in/ {print $1}' "$work/wrk.txt")" "$(getconf CLK_TCK)"
if [ "$state" = redis ]; then
  # Round trips: commands sent by clients, counted with MONITOR over a separate short run (MONITOR slows Redis, so
  # not during the measured one). Commands that Lua scripts issue show as [0 lua] and are not round trips.
  echo "== Redis round trips per request (MONITOR during a separate 5 s run) =="
  redis-cli -p "$redis_port" MONITOR >"$work/monitor.txt" &
  monitor_pid=$!
  sleep 0.5
  wrk -t2 -c"$connections" -d5s -H "Cookie: idpfed.session=$session" "$signin" >"$work/wrk-monitor.txt"
  sleep 0.5; kill "$monitor_pid" 2>/dev/null; wait "$monitor_pid" 2>/dev/null || true
  requests="$(awk '/requests in/ {print $1}' "$work/wrk-monitor.txt")"
  sent="$(grep -c '\[0 127\.0\.0\.1:' "$work/monitor.txt" || true)"
  in_scripts="$(grep -c '\[0 lua\]' "$work/monitor.txt" || true)"
  echo "Client commands by name:"
  grep '\[0 127\.0\.0\.1:' "$work/monitor.txt" | awk '{print $4}' | sort | uniq -c | sort -rn | sed 's/^/    /'
  python3 -c "import sys; s,l,r=map(int,sys.argv[1:]); print(f'{s} client commands ({l} more inside Lua scripts) for {r} requests = {s/r:.3f} round trips per request')" \
    "$sent" "$in_scripts" "$requests"
  hash="$(printf '%s' "$session" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=')"
  key="idpfed:session:$hash"; index="idpfed:user-sessions:BENCH@CONTOSO.COM"
  [ "$(redis-cli -p "$redis_port" EXISTS "$key")" = 1 ] || { echo "session key $key not found" >&2; exit 1; }
  session_bytes="$(redis-cli -p "$redis_port" MEMORY USAGE "$key" SAMPLES 0)"
  index_bytes="$(redis-cli -p "$redis_port" MEMORY USAGE "$index" SAMPLES 0)"
  index_members="$(redis-cli -p "$redis_port" SCARD "$index")"
  echo "Session key:  $key: $session_bytes bytes (MEMORY USAGE), fields:"
  redis-cli -p "$redis_port" HGETALL "$key" | paste - - | sed 's/^/    /'
  echo "User index:   $index: $index_bytes bytes for $index_members session(s)"
  echo "Bytes per session: $((session_bytes + index_bytes / index_members))"
fi
if [ "${OPENSSL:-1}" != 0 ]; then
  echo "== openssl speed rsa2048 (both cores) =="
  openssl speed -seconds 5 -multi "$(nproc)" rsa2048 2>/dev/null | tail -n 2
fi
