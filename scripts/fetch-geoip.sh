#!/usr/bin/env bash
# Fetches the IP-to-country database the sign-in policy's country conditions use, from ip-location-db's
# geo-whois-asn-country data set (GeoFeed + WHOIS + ASN data merged by ip-location-db, updated daily), in either format:
#   csv   npm package @ip-location-db/geo-whois-asn-country: geo-whois-asn-country-ipv4.csv and -ipv6.csv ("start,end,CC")
#   mmdb  npm package @ip-location-db/geo-whois-asn-country-mmdb: geo-whois-asn-country.mmdb (IPv4 and IPv6, MaxMind DB)
# Usage: scripts/fetch-geoip.sh [--format csv|mmdb] [dest-dir=data/geoip]
#   The format may also come from GEOIP_FORMAT (default csv). Pin a release with GEOIP_VERSION=2.3.2026061719; both
#   packages are published with the same version numbers from the same data.
# Each file is copied next to its final name and renamed over it, so a running server (which reloads the files when they
# are replaced) never reads half a file. Data licence: CC BY 4.0 by the Number Resource Organization (NRO); attribution
# to nro.net is required. NRO_LICENSE is copied next to the data and SOURCE records which release is installed.
# Note: the packages' README (release 2.3.2026061719) announces that npm publishing is deprecated and will stop, in
# favour of the project's GitHub releases; this script still reads npm (README "Country database").
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
format="${GEOIP_FORMAT:-csv}"
if [ "${1:-}" = "--format" ]; then
  format="${2:?--format needs csv or mmdb}"
  shift 2
fi
dest="${1:-$repo/data/geoip}"
case "$format" in
  # The text-address variants: "start,end,CC" with dotted or colon addresses, the layout CsvCountryDatabase reads.
  csv) name="@ip-location-db/geo-whois-asn-country"; files=(geo-whois-asn-country-ipv4.csv geo-whois-asn-country-ipv6.csv) ;;
  # The combined file: one search tree for both families, so one setting covers every address.
  mmdb) name="@ip-location-db/geo-whois-asn-country-mmdb"; files=(geo-whois-asn-country.mmdb) ;;
  *) echo "unknown format '$format': use csv or mmdb" >&2; exit 2 ;;
esac
package="$name@${GEOIP_VERSION:-latest}"
command -v npm >/dev/null || { echo "npm is required: apt-get install npm" >&2; exit 2; }

work="$(mktemp -d /tmp/idpfed-geoip.XXXXXX)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$package" --silent >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/package.json package/NRO_LICENSE "${files[@]/#/package/}"
version="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$work/package/package.json" | head -n 1)"

for file in "${files[@]}"; do
  # Refuse a layout change rather than install files the server would reject at start-up.
  if [ "$format" = csv ] && ! head -n 1 "$work/package/$file" | grep -Eq '^[0-9A-Fa-f:.]+,[0-9A-Fa-f:.]+,[A-Z]{2}$'; then
    echo "$file from $package is not in the 'start,end,CC' layout; not installed." >&2
    exit 1
  fi
  # A MaxMind DB file ends with a metadata section of at most 128 KiB that starts with this marker
  # (MaxMind DB File Format Specification 2.0, "Database Metadata"); the server looks for it the same way.
  if [ "$format" = mmdb ] && ! tail -c 131072 "$work/package/$file" | LC_ALL=C grep -qaF "$(printf '\xab\xcd\xefMaxMind.com')"; then
    echo "$file from $package has no MaxMind DB metadata marker; not installed." >&2
    exit 1
  fi
done

mkdir -p "$dest"
for file in "${files[@]}"; do
  # Copy then rename, so a server reading the old file never sees half of the new one.
  cp "$work/package/$file" "$dest/.$file.tmp"
  mv -f "$dest/.$file.tmp" "$dest/$file"
done
cp "$work/package/NRO_LICENSE" "$dest/.NRO_LICENSE.tmp" && mv -f "$dest/.NRO_LICENSE.tmp" "$dest/NRO_LICENSE"
# One line per package (a CSV and an mmdb fetch into the same folder keep both), then the data's terms.
{
  [ -f "$dest/SOURCE" ] && grep -v -e "^$name " -e '^Data: ' "$dest/SOURCE" || true
  echo "$name $version, fetched $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "Data: CC BY 4.0 by the Number Resource Organization (https://www.nro.net/); see NRO_LICENSE."
} > "$dest/.SOURCE.tmp"
mv -f "$dest/.SOURCE.tmp" "$dest/SOURCE"

dest="$(cd "$dest" && pwd)"
# Config paths are relative to the config directory; a folder outside the repository is shown absolute.
case "$dest/" in
  "$repo"/*) relative="$(realpath --relative-to="$repo/config" "$dest")" ;;
  *) relative="$dest" ;;
esac
echo "Installed $name $version into $dest:"
for file in "${files[@]}"; do
  if [ "$format" = csv ]; then
    echo "  $file ($(wc -l < "$dest/$file") ranges)"
  else
    echo "  $file ($(du -h "$dest/$file" | cut -f1))"
  fi
done
entries="$(for file in "${files[@]}"; do printf '        "%s/%s"\n' "$relative" "$file"; done | sed '$!s/$/,/')"
cat <<TEXT

Licence: the data is licensed under Creative Commons Attribution 4.0 International (CC BY 4.0) by the
Number Resource Organization (NRO): attribution to nro.net is required wherever the data is shown or
redistributed. The npm package's metadata says CC0-1.0, but the package's own NRO_LICENSE (copied next to
the data) states the data's terms, so treat the data as CC BY 4.0:
$(sed 's/^/  /' "$dest/NRO_LICENSE")

To use it, add to config/idpfederation.json (paths are relative to the config directory), restart the server
once to apply the setting, and run 'idpfed policy validate'. Later fetches into the same folder replace the
files by renaming, and a running server reloads them without a restart:
  "Idp": {
    "Policy": {
      "CountryDatabase": [
$entries
      ]
    }
  }
TEXT
