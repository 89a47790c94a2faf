#!/usr/bin/env bash
# Measures WS-Fed token issuance with a live session using wrk against a Release server on 127.0.0.1, next to this
# machine's RSA-2048 signing rate. Usage: scripts/bench-wsfed.sh [duration=20s] [connections=16]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-20s}"; connections="${2:-16}"
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }

work="$(mktemp -d /tmp/idpfed-bench.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
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

[ -n "${PROFILE:-}" ] && { ~/.dotnet/tools/dotnet-trace collect -p "$server_pid" --format speedscope -o "$PROFILE" --duration 00:00:00:15 >/dev/null 2>&1 & }
echo "== wrk: WS-Fed token issuance with a live session, $connections connections, $duration =="
wrk -t2 -c"$connections" -d"$duration" --latency -H "Cookie: idpfed.session=$session" "$signin"
echo "== openssl speed rsa2048 (both cores) =="
openssl speed -seconds 5 -multi "$(nproc)" rsa2048 2>/dev/null | tail -n 2
