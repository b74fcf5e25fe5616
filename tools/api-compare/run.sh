#!/bin/sh
# tools/api-compare/run.sh REV_A REV_B [IGNORE_KEY...] - are the API's answers
# byte-identical between two commits? (issue 16: a refactoring changes no
# answer.) Builds both revisions in throw-away worktrees, makes one demo
# database with A's binary, serves a copy of it with each build, reads every
# list, object and report as every demo user (crawl.mjs) and compares
# (compare.mjs; IGNORE_KEY names a field B adds on purpose, e.g. views).
# Exit 0 when identical. Uses ports 18401/18402 and $TMPDIR.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 REV_A REV_B [IGNORE_KEY...]" >&2; exit 2; }
A=$1 B=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for s in a b; do git -C "$repo" worktree remove --force "$work/$s" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
i=0
for rev in "$A" "$B"; do
	s=$([ $i = 0 ] && echo a || echo b)
	git -C "$repo" worktree add -q --detach "$work/$s" "$rev"
	make -s -C "$work/$s" build/rede >"$work/$s.build.log" 2>&1 || { tail "$work/$s.build.log"; exit 1; }
	i=1
done
"$work/a/build/rede" init --db "$work/demo.db" >/dev/null 2>&1
"$work/a/build/rede" demo --db "$work/demo.db" >/dev/null 2>&1
port=18401
for s in a b; do
	for f in db key audit.key; do cp "$work/demo.$f" "$work/$s.$f"; done
	"$work/$s/build/rede" migrate --db "$work/$s.db" >/dev/null 2>&1 # B may add a migration
	"$work/$s/build/rede" serve --db "$work/$s.db" --listen 127.0.0.1:$port >"$work/$s.log" 2>&1 &
	pids="$pids $!"
	port=$((port + 1))
done
sleep 2
node "$here/crawl.mjs" http://127.0.0.1:18401 "$work/a.json"
node "$here/crawl.mjs" http://127.0.0.1:18402 "$work/b.json"
node "$here/compare.mjs" "$work/a.json" "$work/b.json" "$@"
