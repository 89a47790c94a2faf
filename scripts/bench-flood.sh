#!/usr/bin/env bash
# Token issuance for SSO users with and without a concurrent bad-password flood (issue #4, starvation).
# Starts a Release server on a free 127.0.0.1 port with the repository's default policy (smart lockout on), signs a
# user in with curl to get a session cookie, then runs wrk against the SSO token URL twice: alone, and while a second
# wrk POSTs wrong passwords to the login form (valid antiforgery cookie and token, so every POST reaches the hasher).
# Usage: scripts/bench-flood.sh [duration=20s] [sso-connections=16] [flood-connections=16]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-20s}"; connections="${2:-16}"; flood_connections="${3:-16}"
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }
seconds="${duration%s}"

work="$(mktemp -d /tmp/idpfed-flood.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
server_pid=""; flood_pid=""
cleanup() {
  [ -n "$flood_pid" ] && kill "$flood_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$repo/IdpFederation.sln" -c Release -nologo -v q >/dev/null
server="$repo/src/IdpFederation.Server/bin/Release/net10.0/IdpFederation.Server.dll"
cli="$repo/src/IdpFederation.Cli/bin/Release/net10.0/idpfed.dll"

mkdir -p "$work/config"
openssl req -x509 -newkey rsa:2048 -sha256 -days 30 -nodes -subj "/CN=bench" -keyout "$work/k.pem" -out "$work/c.pem" 2>/dev/null
openssl pkcs12 -export -in "$work/c.pem" -inkey "$work/k.pem" -out "$work/config/signing.pfx" -passout pass: 2>/dev/null
cp "$repo/config/policies.json" "$work/config/policies.json"
python3 - "$repo/config/idpfederation.json" "$work/config/idpfederation.json" "$base" "$work/data" <<'PY'
import json, sys
src, dst, base, data = sys.argv[1:]
config = json.load(open(src))
config["Logging"] = {"LogLevel": {"Default": "Warning"}}
config["Idp"].update({"PublicBaseUrl": base, "DataDirectory": data, "Signing": {"Current": {"Path": "signing.pfx"}}})
json.dump(config, open(dst, "w"), indent=2)
PY
export IDPFED_CONFIG_DIR="$work/config" ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production
echo 'Bench-Password-1!' | dotnet "$cli" user add bench@contoso.com --password-stdin >/dev/null
dotnet "$server" --urls "$base" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "$base/health/live" >/dev/null && break; sleep 0.2; done

signin="$base/adfs/ls/?wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx=LoginOptions%3D3%26estsredirect%3D2%26estsrequest%3Drbench"
antiforgery_token() { sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p'; }

# The SSO user: a real sign-in, then only the session cookie is kept.
jar="$work/sso.cookies"
login_path="$(curl -fs -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$signin")"
token="$(curl -fs -c "$jar" -b "$jar" "$login_path" | antiforgery_token)"
curl -fs -c "$jar" -b "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "Username=bench@contoso.com" --data-urlencode 'Password=Bench-Password-1!' "$login_path"
session="$(awk '$6=="idpfed.session"{print $7}' "$jar")"
[ -n "$session" ] || { echo "login failed" >&2; cat "$work/server.log" >&2; exit 1; }
curl -fs -b "idpfed.session=$session" "$signin" | grep -q 'name="wresult"' || { echo "no token with session" >&2; exit 1; }

# The attacker: its own pending sign-in, antiforgery cookie and token, reused for every wrong password.
ajar="$work/flood.cookies"
flood_path="$(curl -fs -c "$ajar" -b "$ajar" -o /dev/null -w '%{redirect_url}' "$signin")"
flood_token="$(curl -fs -c "$ajar" -b "$ajar" "$flood_path" | antiforgery_token)"
af_cookie="$(awk '$6=="idpfed.af"{print $6"="$7}' "$ajar")"
[ -n "$flood_token" ] && [ -n "$af_cookie" ] || { echo "no antiforgery token for the flood" >&2; exit 1; }
check="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $af_cookie" --data-urlencode "__RequestVerificationToken=$flood_token" \
  --data-urlencode "Username=victim@contoso.com" --data-urlencode "Password=wrong" "$flood_path")"
[ "$check" = 200 ] || { echo "flood POST answered $check, expected the login page (200)" >&2; exit 1; }
body="__RequestVerificationToken=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$flood_token")&Username=victim%40contoso.com&Password=wrong-password"
cat >"$work/flood.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "$af_cookie"
LUA

p99() { awk '$1=="99%"{print $2}'; }

echo "== 1. SSO token issuance alone: wrk -t2 -c$connections -d$duration =="
wrk -t2 -c"$connections" -d"$duration" --latency -H "Cookie: idpfed.session=$session" "$signin" | tee "$work/alone.txt"

echo "== 2. The same, during a bad-password flood: wrk -t1 -c$flood_connections POST ${flood_path#$base} =="
wrk -t1 -c"$flood_connections" -d"$((seconds + 6))s" --timeout 30s --latency -s "$work/flood.lua" "$flood_path" >"$work/flood.txt" 2>&1 &
flood_pid=$!
sleep 3
wrk -t2 -c"$connections" -d"$duration" --latency -H "Cookie: idpfed.session=$session" "$signin" | tee "$work/during.txt"
wait "$flood_pid" || true; flood_pid=""
echo "-- flood generator:"
cat "$work/flood.txt"
grep -q "Requests/sec" "$work/flood.txt" || { echo "the flood generator did not run" >&2; exit 1; }
# Proof the flood reached the password check: the server audited the wrong passwords.
failures="$(dotnet "$cli" audit list --user victim@contoso.com --limit 10000 2>/dev/null | grep -c "invalid credentials" || true)"
echo "wrong-password attempts audited for victim@contoso.com: $failures"

echo "== summary =="
printf '%-28s %12s %10s\n' "" "tokens/s" "p99"
printf '%-28s %12s %10s\n' "SSO alone" "$(awk '/Requests\/sec/{print $2}' "$work/alone.txt")" "$(p99 <"$work/alone.txt")"
printf '%-28s %12s %10s\n' "SSO during flood" "$(awk '/Requests\/sec/{print $2}' "$work/during.txt")" "$(p99 <"$work/during.txt")"
printf '%-28s %12s %10s\n' "flood (wrong passwords)" "$(awk '/Requests\/sec/{print $2}' "$work/flood.txt")" "$(p99 <"$work/flood.txt")"
grep -E "Non-2xx|Socket errors" "$work/alone.txt" "$work/during.txt" "$work/flood.txt" || echo "no errors or non-2xx responses"
