#!/bin/sh
# vendor-dkfds.sh OUT - copy the files of Det Fælles Designsystem (npm dkfds,
# pinned in package.json/package-lock.json) that the web UI uses from
# node_modules/dkfds/dist into OUT (build/vendor/dkfds), which `rede serve`
# serves under /vendor/dkfds/. Nothing of dkfds is kept in the git tree and
# nothing is loaded from a CDN. Fails when node_modules holds another version
# than the pinned one (run `make deps`, which runs `npm ci`).
set -eu
OUT=$1
SRC=node_modules/dkfds/dist
want=$(sed -n 's/.*"dkfds": *"\([^"]*\)".*/\1/p' package.json)
have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' node_modules/dkfds/package.json 2>/dev/null | head -1)
if [ -z "$have" ] || [ "$want" != "$have" ]; then
	echo "vendor-dkfds: node_modules has dkfds '${have:-none}', package.json pins '$want': run make deps" >&2
	exit 1
fi
rm -rf "$OUT.tmp"
mkdir -p "$OUT.tmp/css" "$OUT.tmp/js" "$OUT.tmp/img" "$OUT.tmp/fonts/IBMPlexSans/complete"
cp "$SRC/css/dkfds.min.css" "$OUT.tmp/css/"
cp "$SRC/js/dkfds.min.js" "$OUT.tmp/js/"
cp -R "$SRC/img/svg-icons" "$OUT.tmp/img/"
cp "$SRC/img/all-svg-icons.svg" "$OUT.tmp/img/"
# The stylesheet asks for woff2 first, then woff; no browser Rede supports
# needs the eot/ttf fallbacks.
cp -R "$SRC/fonts/IBMPlexSans/complete/woff2" "$SRC/fonts/IBMPlexSans/complete/woff" \
	"$OUT.tmp/fonts/IBMPlexSans/complete/"
cp "$SRC/LICENSE.md" "$OUT.tmp/"
echo "$want" > "$OUT.tmp/VERSION"
rm -rf "$OUT"
mv "$OUT.tmp" "$OUT"
