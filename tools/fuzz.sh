#!/bin/sh
# fuzz.sh SECONDS [--keep DIR] [NAME...] - run the libFuzzer harnesses
# (build/fuzz/tests/fuzz/fuzz_NAME, made by `make`) for SECONDS each.
#
# Each starts from its committed seeds (tests/fuzz/corpus/NAME, read only).
# New inputs go to DIR/NAME with --keep (make fuzz keeps them in
# build/fuzz/corpus for the next run), otherwise to a temporary directory
# (make test). A crash, leak, sanitizer report, timeout or failed property
# makes the harness exit non-zero; its input is kept as
# build/fuzz/crash-NAME-* and this script exits 1.
set -u
cd "$(dirname "$0")/.."
secs=${1:?usage: fuzz.sh SECONDS [--keep DIR] [NAME...]}
shift
keep=""
if [ "${1:-}" = --keep ]; then
	keep=${2:?--keep needs a directory}
	shift 2
fi
names=$*
[ -n "$names" ] || names=$(cd tests/fuzz && ls -d corpus/* | sed 's|corpus/||')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p build/fuzz
rc=0
for n in $names; do
	bin=build/fuzz/tests/fuzz/fuzz_$n
	if [ ! -x "$bin" ]; then
		echo "fuzz: $bin missing (make $bin)" >&2
		rc=1
		continue
	fi
	out=${keep:-$tmp}/$n
	mkdir -p "$out"
	# -max_len bounds the input; -timeout is per input; leaks count as crashes
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
		-print_final_stats=1 -artifact_prefix="build/fuzz/crash-$n-" \
		"$out" "tests/fuzz/corpus/$n" >"$tmp/$n.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$n.log")
		echo "fuzz $n: ${runs:-?} runs in ${secs}s, no crash"
	else
		echo "fuzz $n: FAILED (input kept as build/fuzz/crash-$n-*)" >&2
		tail -40 "$tmp/$n.log" >&2
		rc=1
	fi
done
exit $rc
