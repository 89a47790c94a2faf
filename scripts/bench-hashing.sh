#!/usr/bin/env bash
# Hashing capacity and SSO (issue 10), in one run on 127.0.0.1:
#  (a) the bare PBKDF2-SHA512 rate of all cores (tests/IdpFederation.Benchmarks "pbkdf2": one plain thread per core,
#      no server work), measured right before and right after (b) with the server idle;
#  (b) password sign-ins per second through the login form (correct passwords, USERS users in turn, 16 connections),
#      as a share of (a);
#  (c) SSO token p99 alone, and during a parallel password burst (wrong passwords, every one for a different
#      username so per-user lockout never refuses one before it is hashed), at 16 and at 2 SSO connections;
#  (d) SSO token p99 during an anonymous flood: GETs of the sign-in URL with an 8,000-character wctx and no cookie,
#      each of which stores a pending sign-in until the cap (Idp:State:MaxPendingSignIns) is full and 503s after.
# Each server is a Release build with the repository's default config (210,000 iterations) and default policy, except
# that the per-IP spray threshold and the per-IP sign-in rate limit are lifted: every request here comes from
# 127.0.0.1, the burst must keep hashing and the flood must reach the pending store (the worst case, many addresses).
# BEFORE=<another checkout> runs the same server measurements on that checkout first (e.g. the previous gate), so both
# are measured against the same reference in the same run.
# Usage: scripts/bench-hashing.sh [duration=20s] [sso-connections=16] [burst-connections=16]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-20s}"; connections="${2:-16}"; burst_connections="${3:-16}"
users="${USERS:-16}"; light_connections="${LIGHT_CONNECTIONS:-2}"
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }
seconds="${duration%s}"

work="$(mktemp -d /tmp/idpfed-hashing.XXXXXX)"
server_pid=""; burst_pid=""
cleanup() {
  [ -n "$burst_pid" ] && kill "$burst_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT

echo "== load before the run: $(uptime)"
dotnet build "$repo/IdpFederation.sln" -c Release -nologo -v q >/dev/null
[ -n "${BEFORE:-}" ] && dotnet build "$BEFORE/IdpFederation.sln" -c Release -nologo -v q >/dev/null
bench="$repo/tests/IdpFederation.Benchmarks/bin/Release/net10.0/IdpFederation.Benchmarks.dll"
bare() { dotnet "$bench" pbkdf2 210000 10 "$(nproc)" | tee -a "$work/$1-bare.txt"; }
signin_query="wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx=LoginOptions%3D3%26estsredirect%3D2%26estsrequest%3Drbench"
antiforgery_token() { sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p'; }
urlencode() { python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
p99() { awk '$1=="99%"{print $2}' "$1"; }
rps() { awk '/Requests\/sec/{print $2}' "$1"; }

# A wrk script that POSTs the login form and counts answers by status (302: signed in; 200: the login page again,
# i.e. wrong password; 503: hashing queue full or too slow). $1 = Lua expression for the username of request n.
login_script() {
  cat <<LUA
local n = 0
c302, c200, c503, cother = 0, 0, 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function request()
  n = n + 1
  local body = "__RequestVerificationToken=$token_encoded&Username=" .. ($1) .. "%40contoso.com&Password=$2"
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "$af_cookie"}, body)
end
function response(status)
  if status == 302 then c302 = c302 + 1 elseif status == 200 then c200 = c200 + 1
  elseif status == 503 then c503 = c503 + 1 else cother = cother + 1 end
end
function done(summary)
  local t = {0, 0, 0, 0}
  for _, th in ipairs(threads) do
    t[1] = t[1] + th:get("c302"); t[2] = t[2] + th:get("c200"); t[3] = t[3] + th:get("c503"); t[4] = t[4] + th:get("cother")
  end
  io.write(string.format("statuses: 302=%d 200=%d 503=%d other=%d seconds=%.2f\n", t[1], t[2], t[3], t[4], summary.duration / 1e6))
end
LUA
}

# Starts the server of checkout $1 with a fresh data directory, creates the users, signs the SSO user in, and runs
# (b) and (c). Results go to $work/$2-*.txt.
measure_server() {
  local checkout="$1" label="$2"
  local dir="$work/$label"; mkdir -p "$dir/config"
  local port; port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  local base="http://127.0.0.1:$port"
  local server="$checkout/src/IdpFederation.Server/bin/Release/net10.0/IdpFederation.Server.dll"
  local cli="$checkout/src/IdpFederation.Cli/bin/Release/net10.0/idpfed.dll"
  openssl req -x509 -newkey rsa:2048 -sha256 -days 30 -nodes -subj "/CN=bench" -keyout "$dir/k.pem" -out "$dir/c.pem" 2>/dev/null
  openssl pkcs12 -export -in "$dir/c.pem" -inkey "$dir/k.pem" -out "$dir/config/signing.pfx" -passout pass: 2>/dev/null
  python3 - "$checkout/config" "$dir/config" "$base" "$dir/data" <<'PY'
import json, sys
src, dst, base, data = sys.argv[1:]
config = json.load(open(src + "/idpfederation.json"))
config["Logging"] = {"LogLevel": {"Default": "Warning"}}
config["Idp"].update({"PublicBaseUrl": base, "DataDirectory": data, "Signing": {"Current": {"Path": "signing.pfx"}}})
config["Idp"]["RateLimits"] = {"SignInPerIp": {"PermitLimit": 1000000, "Window": "00:00:01"}}
json.dump(config, open(dst + "/idpfederation.json", "w"), indent=2)
policy = json.load(open(src + "/policies.json"))
policy["lockout"]["ipThreshold"] = 1000000
json.dump(policy, open(dst + "/policies.json", "w"), indent=2)
PY
  export IDPFED_CONFIG_DIR="$dir/config" ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production
  echo 'Bench-Password-1!' | dotnet "$cli" user add bench@contoso.com --password-stdin >/dev/null
  for i in $(seq 0 $((users - 1))); do
    echo 'Bench-Password-1!' | dotnet "$cli" user add "user$i@contoso.com" --password-stdin >/dev/null
  done
  dotnet "$server" --urls "$base" >"$dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do curl -fs "$base/health/live" >/dev/null && break; sleep 0.2; done
  local signin="$base/adfs/ls/?$signin_query"

  # The SSO user: a real sign-in, then only the session cookie is kept.
  local jar="$dir/sso.cookies" login_path token session
  login_path="$(curl -fs -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$signin")"
  token="$(curl -fs -c "$jar" -b "$jar" "$login_path" | antiforgery_token)"
  curl -fs -c "$jar" -b "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Username=bench@contoso.com" --data-urlencode 'Password=Bench-Password-1!' "$login_path"
  session="$(awk '$6=="idpfed.session"{print $7}' "$jar")"
  [ -n "$session" ] || { echo "login failed" >&2; cat "$dir/server.log" >&2; exit 1; }
  curl -fs -b "idpfed.session=$session" "$signin" | grep -q 'name="wresult"' || { echo "no token with session" >&2; exit 1; }

  # The password clients: one pending sign-in, antiforgery cookie and token, reused for every POST (a successful
  # POST redirects to the resume URL without using the pending sign-in up).
  local ajar="$dir/burst.cookies" burst_path
  burst_path="$(curl -fs -c "$ajar" -b "$ajar" -o /dev/null -w '%{redirect_url}' "$signin")"
  token_encoded="$(urlencode "$(curl -fs -c "$ajar" -b "$ajar" "$burst_path" | antiforgery_token)")"
  af_cookie="$(awk '$6=="idpfed.af"{print $6"="$7}' "$ajar")"
  login_script '"user" .. (n % '"$users"')' 'Bench-Password-1%21' >"$dir/signin.lua"
  login_script '"burst" .. n' 'wrong-password' >"$dir/burst.lua"
  local check
  check="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $af_cookie" --data "__RequestVerificationToken=$token_encoded&Username=user0%40contoso.com&Password=Bench-Password-1%21" "$burst_path")"
  [ "$check" = 302 ] || { echo "sign-in POST answered $check, expected a redirect (302)" >&2; exit 1; }

  # (a) right before and right after (b), so the ratio holds even when other work on the machine comes and goes.
  echo "== [$label] (a) bare PBKDF2-SHA512, $(nproc) threads, 10 s, server idle =="
  bare "$label"
  echo "== [$label] (b) password sign-ins, correct passwords over $users users: wrk -t1 -c$burst_connections -d$duration =="
  wrk -t1 -c"$burst_connections" -d"$duration" --timeout 30s --latency -s "$dir/signin.lua" "$burst_path" | tee "$work/$label-signin.txt"
  echo "== [$label] (a) again =="
  bare "$label"

  for c in "$connections" "$light_connections"; do
    echo "== [$label] (c) SSO token issuance alone: wrk -t2 -c$c -d$duration =="
    wrk -t2 -c"$c" -d"$duration" --latency -H "Cookie: idpfed.session=$session" "$signin" | tee "$work/$label-alone-$c.txt"
    echo "== [$label] (c) the same during a parallel password burst: wrk -t1 -c$burst_connections, wrong passwords, a new username each =="
    wrk -t1 -c"$burst_connections" -d"$((seconds + 6))s" --timeout 30s --latency -s "$dir/burst.lua" "$burst_path" >"$work/$label-burst-$c.txt" 2>&1 &
    burst_pid=$!
    sleep 3
    wrk -t2 -c"$c" -d"$duration" --latency -H "Cookie: idpfed.session=$session" "$signin" | tee "$work/$label-during-$c.txt"
    wait "$burst_pid" || true; burst_pid=""
    echo "-- burst generator:"; grep -E "Requests/sec|statuses|99%" "$work/$label-burst-$c.txt"
  done

  local flood_url
  flood_url="$base/adfs/ls/?wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx=$(python3 -c 'print("A" * 8000)')"
  for c in "$connections" "$light_connections"; do
    echo "== [$label] (d) SSO during an anonymous flood: wrk -t1 -c$burst_connections GET sign-in, 8,000-character wctx, no cookie =="
    wrk -t1 -c"$burst_connections" -d"$((seconds + 6))s" --timeout 30s --latency "$flood_url" >"$work/$label-flood-$c.txt" 2>&1 &
    burst_pid=$!
    sleep 3
    wrk -t2 -c"$c" -d"$duration" --latency -H "Cookie: idpfed.session=$session" "$signin" | tee "$work/$label-duringflood-$c.txt"
    wait "$burst_pid" || true; burst_pid=""
    echo "-- flood generator:"; grep -E "Requests/sec|Non-2xx|99%" "$work/$label-flood-$c.txt"
  done
  echo "-- server RSS after the floods: $(awk '/VmRSS/{print $2, $3}' "/proc/$server_pid/status")"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

[ -n "${BEFORE:-}" ] && measure_server "$BEFORE" before
measure_server "$repo" after
echo "== load after the run: $(uptime)"

echo "== summary =="
for label in ${BEFORE:+before} after; do
  reference="$(awk -F'rate=' '{sub("/s","",$2); s+=$2; n++} END {printf "%.2f", s/n}' "$work/$label-bare.txt")"
  echo "[$label] bare PBKDF2-SHA512 on $(nproc) cores, before and after (b): $(awk -F'rate=' '{printf "%s ", $2}' "$work/$label-bare.txt")-> mean $reference hashes/s"
  read -r ok secs < <(sed -n 's/statuses: 302=\([0-9]*\) .*seconds=\([0-9.]*\)/\1 \2/p' "$work/$label-signin.txt")
  python3 -c "import sys; ok,s,ref=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]); print(f'[{sys.argv[4]}] sign-ins {ok/s:.2f}/s = {100*ok/s/ref:.1f} % of bare; ' + sys.argv[5])" \
    "$ok" "$secs" "$reference" "$label" "$(grep statuses "$work/$label-signin.txt")"
  for c in "$connections" "$light_connections"; do
    printf '[%s] SSO %2s conn: alone %9s tokens/s p99 %9s | during burst %9s tokens/s p99 %9s | burst %s\n' "$label" "$c" \
      "$(rps "$work/$label-alone-$c.txt")" "$(p99 "$work/$label-alone-$c.txt")" \
      "$(rps "$work/$label-during-$c.txt")" "$(p99 "$work/$label-during-$c.txt")" "$(grep statuses "$work/$label-burst-$c.txt")"
  done
  for c in "$connections" "$light_connections"; do
    printf '[%s] SSO %2s conn: alone %9s tokens/s p99 %9s | during anonymous flood %9s tokens/s p99 %9s | flood %s req/s, %s\n' "$label" "$c" \
      "$(rps "$work/$label-alone-$c.txt")" "$(p99 "$work/$label-alone-$c.txt")" \
      "$(rps "$work/$label-duringflood-$c.txt")" "$(p99 "$work/$label-duringflood-$c.txt")" \
      "$(rps "$work/$label-flood-$c.txt")" "$(grep -E 'Non-2xx' "$work/$label-flood-$c.txt" || echo 'all 2xx/3xx')"
  done
  grep -HE "Non-2xx|Socket errors" "$work/$label-alone-"*.txt "$work/$label-during-"*.txt "$work/$label-duringflood-"*.txt || echo "[$label] SSO: no errors or non-2xx responses"
done
