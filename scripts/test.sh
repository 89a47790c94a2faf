#!/usr/bin/env bash
# Installs what the tests need (apt-get, as root or through sudo), starts PostgreSQL and Redis on free loopback ports,
# runs the whole suite (or what "$@" selects, passed to dotnet test), stops the servers, and ends with one line
# "N passed, N failed". Needs only the .NET 10 SDK and a Debian-like system with apt-get; nothing outside this repository.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v python3 >/dev/null || need+=(python3)
command -v xmlsec1 >/dev/null || need+=(xmlsec1)
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
/usr/bin/python3 -c 'import saml2' 2>/dev/null || need+=(python3-pysaml2)
command -v openssl >/dev/null || need+=(openssl)
command -v redis-server >/dev/null && command -v redis-cli >/dev/null || need+=(redis-server)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v oathtool >/dev/null || need+=(oathtool)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Every server the tests start watches its config and policy files; the default of 128 inotify instances per user
# is tight for a suite that runs many servers and CLI hosts in parallel.
if [ "$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 1024)" -lt 1024 ]; then
  as_root sysctl -q -w fs.inotify.max_user_instances=1024 >/dev/null 2>&1 || echo "note: could not raise fs.inotify.max_user_instances"
fi

work="$(mktemp -d /tmp/idpfed-ci.XXXXXX)"
results="$work/results"
pgbin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
pgport="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
pgdata="$work/pg"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redisport="$(free_port)"
redisdir="$work/redis"

run_pg() {
  # PostgreSQL refuses to run as root, so the cluster belongs to the postgres account when we are root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  [ -f "$redisdir/redis.pid" ] && kill "$(cat "$redisdir/redis.pid")" 2>/dev/null || true
  run_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$pgdata" "$results"
[ "$(id -u)" = 0 ] && chown -R postgres "$work"
chmod 755 "$work"
run_pg "$pgbin/initdb" -D "$pgdata" -A trust -U postgres >/dev/null
run_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$work/pg.log" -w \
  -o "-p $pgport -k $work -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
export IDPFED_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres"
echo "PostgreSQL on 127.0.0.1:$pgport"

# Shared state tests use this Redis (each class under its own key prefix); fault tests start and kill their own
# redis-server from IDPFED_REDIS_SERVER. No persistence: the data is throwaway.
mkdir -p "$redisdir"
redis-server --port "$redisport" --bind 127.0.0.1 --save "" --appendonly no --dir "$redisdir" \
  --daemonize yes --pidfile "$redisdir/redis.pid" --logfile "$redisdir/redis.log"
for _ in $(seq 1 50); do redis-cli -p "$redisport" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$redisport" ping >/dev/null || { echo "redis-server did not start:" >&2; cat "$redisdir/redis.log" >&2; exit 1; }
export IDPFED_TEST_REDIS="127.0.0.1:$redisport"
IDPFED_REDIS_SERVER="$(command -v redis-server)"
export IDPFED_REDIS_SERVER
echo "Redis on $IDPFED_TEST_REDIS"

# The published country data (tests/IdpFederation.Tests/Geo/Published*): the CSV and mmdb packages of one
# ip-location-db release, pinned here, fetched once with npm into a cache. The tests require them under this script, so
# without npm or the network they fail with the reason rather than pass without having run.
geoip_version=2.3.2026061719
geoip_dir="${IDPFED_GEOIP_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/idpfederation/geoip-$geoip_version}"
if [ ! -f "$geoip_dir/geo-whois-asn-country.mmdb" ] || [ ! -f "$geoip_dir/geo-whois-asn-country-ipv6.csv" ]; then
  for format in csv mmdb; do
    GEOIP_VERSION="$geoip_version" "$repo/scripts/fetch-geoip.sh" --format "$format" "$geoip_dir" >/dev/null \
      || echo "warning: could not fetch the $format country data $geoip_version; the published-data tests will fail" >&2
  done
fi
export IDPFED_GEOIP_DIR="$geoip_dir" IDPFED_GEOIP_REQUIRED=1

# PowerShell 7, for the test that parses the generated federation scripts with PowerShell's own parser. It is no
# Debian package; NuGet's PowerShell .NET tool is, pinned here and installed once into a cache. Without it (no network)
# that test is reported skipped with the reason.
pwsh_version=7.6.10
pwsh_dir="${XDG_CACHE_HOME:-$HOME/.cache}/idpfederation/pwsh-$pwsh_version"
if [ ! -x "$pwsh_dir/pwsh" ]; then
  dotnet tool install --tool-path "$pwsh_dir" PowerShell --version "$pwsh_version" >/dev/null \
    || echo "warning: could not install PowerShell $pwsh_version; the PowerShell parser test will be skipped" >&2
fi
if [ -x "$pwsh_dir/pwsh" ]; then
  export IDPFED_PWSH="$pwsh_dir/pwsh"
fi

dotnet build IdpFederation.sln -c Release -nologo -v q
set +e
# Extra arguments go to dotnet test, e.g. --filter "Kind=Unit" or --filter "FullyQualifiedName~IdpFederation.Tests.Mfa"
# (not -c, --no-build or --results-directory, which this script sets).
dotnet test IdpFederation.sln -c Release --no-build --logger trx --results-directory "$results" -v q "$@"
dotnet_exit=$?
set -e
summary="$(python3 "$repo/scripts/test-summary.py" --dotnet-exit "$dotnet_exit" "$results" 2>&1)" && status=0 || status=$?
# The last line is always the count, even if the summary step itself broke.
case "$(printf '%s\n' "$summary" | tail -n 1)" in
  *" passed, "*" failed"*) ;;
  *) summary="$summary"$'\n'"0 passed, 1 failed"; status=1 ;;
esac
cleanup
trap - EXIT
echo "$summary"
exit $status
