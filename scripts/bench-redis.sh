#!/usr/bin/env bash
# In-memory against Redis session state, in one run on one machine: runs scripts/bench-wsfed.sh with STATE=memory and
# then STATE=redis (each with a fresh server; ROUNDS=n alternates them n times), and prints tokens/s, p99, the
# Redis/in-memory ratio, Redis round trips per request, bytes per session and CPU time per request.
# Usage: [ROUNDS=1] scripts/bench-redis.sh [duration=20s] [connections=16]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-20s}"; connections="${2:-16}"; rounds="${ROUNDS:-1}"
out="$(mktemp -d /tmp/idpfed-bench-redis.XXXXXX)"
trap 'rm -rf "$out"' EXIT

for round in $(seq 1 "$rounds"); do
  for state in memory redis; do
    echo "######## round $round, STATE=$state"
    STATE="$state" OPENSSL=0 bash "$repo/scripts/bench-wsfed.sh" "$duration" "$connections" | tee "$out/$round-$state.txt"
  done
done

python3 - "$out" "$rounds" <<'PY'
import re, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def read(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    return rps, p99, text
print("######## summary")
ratios = []
for r in range(1, rounds + 1):
    mem_rps, mem_p99, _ = read(f"{out}/{r}-memory.txt")
    red_rps, red_p99, text = read(f"{out}/{r}-redis.txt")
    ratios.append(red_rps / mem_rps)
    trips = re.search(r"= ([\d.]+) round trips per request", text).group(1)
    size = re.search(r"Bytes per session: (\d+)", text).group(1)
    cpu = lambda t: re.search(r"CPU per request: server (\d+) us, redis-server (\d+) us", t).groups()
    mem_cpu, red_cpu = cpu(open(f"{out}/{r}-memory.txt").read()), cpu(text)
    print(f"round {r}: in-memory {mem_rps:,.0f} tokens/s p99 {mem_p99:.2f} ms | redis {red_rps:,.0f} tokens/s p99 {red_p99:.2f} ms"
          f" | redis/in-memory {100 * red_rps / mem_rps:.1f} % | {trips} round trips/request | {size} bytes/session"
          f" | server CPU/request in-memory {mem_cpu[0]} us, redis {red_cpu[0]} us (+ redis-server {red_cpu[1]} us)")
print(f"mean redis/in-memory throughput: {100 * sum(ratios) / len(ratios):.1f} %")
PY
