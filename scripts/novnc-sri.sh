#!/usr/bin/env bash
# Prints the subresource-integrity hashes of a noVNC release's browser modules (core/ and vendor/), one
# "path sha384-…" line each, from the package on the npm registry. The desktop viewer pins noVNC by these:
#   scripts/novnc-sri.sh 1.7.0 > src/main/resources/viewer/novnc.sri
# then set NoVnc.PINNED_VERSION to the same version. Nothing of noVNC itself is kept in the repository.
set -euo pipefail
version="${1:?usage: $0 VERSION (e.g. 1.7.0)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@novnc/novnc@$version" >/dev/null && tar xzf ./*.tgz)
echo "# @novnc/novnc $version: sha384 of each module the viewer may load, made by scripts/novnc-sri.sh"
cd "$work/package"
find core vendor -name '*.js' | LC_ALL=C sort | while read -r f; do
  echo "$f sha384-$(openssl dgst -sha384 -binary "$f" | base64 -w0)"
done
