#!/usr/bin/env bash
# Fetches the IP-to-country database the sign-in policy's country conditions use: the CSV files of the npm package
# @ip-location-db/geo-whois-asn-country (GeoFeed + WHOIS + ASN data merged by ip-location-db, updated daily).
# Usage: scripts/fetch-geoip.sh [dest-dir=data/geoip]     Pin a release with GEOIP_VERSION=2.3.2026061719.
# Data licence: CC BY 4.0 by the Number Resource Organization (NRO); attribution to nro.net is required.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$repo/data/geoip}"
package="@ip-location-db/geo-whois-asn-country@${GEOIP_VERSION:-latest}"
# The text-address variants: "start,end,CC" with dotted or colon addresses, the layout CsvCountryDatabase reads.
files=(geo-whois-asn-country-ipv4.csv geo-whois-asn-country-ipv6.csv)
command -v npm >/dev/null || { echo "npm is required: apt-get install npm" >&2; exit 2; }

work="$(mktemp -d /tmp/idpfed-geoip.XXXXXX)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$package" --silent >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/package.json package/NRO_LICENSE "${files[@]/#/package/}"
version="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$work/package/package.json" | head -n 1)"

for file in "${files[@]}"; do
  # Refuse a layout change rather than install files the server would reject at start-up.
  if ! head -n 1 "$work/package/$file" | grep -Eq '^[0-9A-Fa-f:.]+,[0-9A-Fa-f:.]+,[A-Z]{2}$'; then
    echo "$file from $package is not in the 'start,end,CC' layout; not installed." >&2
    exit 1
  fi
done

mkdir -p "$dest"
for file in "${files[@]}"; do
  # Copy then rename, so a server reading the old file never sees half of the new one.
  cp "$work/package/$file" "$dest/.$file.tmp"
  mv -f "$dest/.$file.tmp" "$dest/$file"
done
cp "$work/package/NRO_LICENSE" "$dest/NRO_LICENSE"
printf '%s\n' "@ip-location-db/geo-whois-asn-country $version, fetched $(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  "Data: CC BY 4.0 by the Number Resource Organization (https://www.nro.net/); see NRO_LICENSE." > "$dest/SOURCE"

dest="$(cd "$dest" && pwd)"
# Config paths are relative to the config directory; a folder outside the repository is shown absolute.
case "$dest/" in
  "$repo"/*) relative="$(realpath --relative-to="$repo/config" "$dest")" ;;
  *) relative="$dest" ;;
esac
echo "Installed @ip-location-db/geo-whois-asn-country $version into $dest:"
for file in "${files[@]}"; do
  echo "  $file ($(wc -l < "$dest/$file") ranges)"
done
cat <<TEXT

Licence: the data is licensed under Creative Commons Attribution 4.0 International (CC BY 4.0) by the
Number Resource Organization (NRO): attribution to nro.net is required wherever the data is shown or
redistributed. The npm package's metadata says CC0-1.0, but the package's own NRO_LICENSE (copied next to
the CSV files) states the data's terms, so treat the data as CC BY 4.0:
$(sed 's/^/  /' "$dest/NRO_LICENSE")

To use it, add to config/idpfederation.json (paths are relative to the config directory), then restart the
server (the database is loaded once at start-up) and run 'idpfed policy validate':
  "Idp": {
    "Policy": {
      "CountryDatabase": [
        "$relative/${files[0]}",
        "$relative/${files[1]}"
      ]
    }
  }
TEXT
