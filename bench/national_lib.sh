# bench/national_lib.sh - what the national benches (national_kit.sh,
# national_lists.sh) share, sourced by them: a temporary directory cleaned
# up with the servers started in it, the median, and a server started and
# waited for. Expects `set -eu` and the working directory at the top of
# the tree.
T=$(mktemp -d)
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT

# median of the given numbers
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# serve DB PORT: start a server, wait until it answers
serve() {
	build/rede serve --db "$1" --listen "127.0.0.1:$2" >"$T/serve-$2.log" 2>&1 &
	PIDS="$PIDS $!"
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$2/healthz"; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || { echo "the server on $2 did not start" >&2; exit 1; }
		sleep 0.2
	done
}
