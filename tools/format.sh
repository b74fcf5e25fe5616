#!/bin/sh
# format.sh check|fix|count - the C code against .clang-format.
#
#   check  list the files clang-format would change, one a line, with the
#          first place in each; exit 1 when there is any (make format-check,
#          the first step of make test)
#   fix    rewrite those files in place (make format)
#   count  how many files and lines the style would change, without
#          changing any: the measure used to tune .clang-format to the code
#
# The files are the tracked *.c and *.h (git ls-files), or every *.c/*.h
# under src, include, tests and bench outside a git checkout. The output of
# clang-format differs between its major versions, so the check runs the
# version .clang-format was tuned with (14, Debian's clang-format package on
# bookworm); CLANG_FORMAT names another binary on purpose.
set -eu
cd "$(dirname "$0")/.."
mode=${1:-check}
want=14

if [ -n "${CLANG_FORMAT:-}" ]; then
	cf=$CLANG_FORMAT
elif command -v clang-format-$want >/dev/null 2>&1; then
	cf=clang-format-$want
elif command -v clang-format >/dev/null 2>&1; then
	cf=clang-format
else
	echo "format.sh: clang-format not found (Debian package clang-format; make deps)" >&2
	exit 2
fi
ver=$("$cf" --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
if [ -z "${CLANG_FORMAT:-}" ] && [ "$ver" != "$want" ]; then
	echo "format.sh: $cf is version $ver, the style is checked with $want" \
	     "(set CLANG_FORMAT to use it anyway)" >&2
	exit 2
fi

list=$(mktemp)
trap 'rm -f "$list" "$list.out"' EXIT
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -- '*.c' '*.h' >"$list"
else
	find src include tests bench -name '*.[ch]' | sort >"$list"
fi

case $mode in
check)
	# one clang-format for all files; --ferror-limit=1: one line a file
	xargs "$cf" --style=file --dry-run --Werror --ferror-limit=1 <"$list" >"$list.out" 2>&1 || true
	bad=$(grep -c 'clang-format-violations' "$list.out" || true)
	if [ "$bad" -gt 0 ]; then
		echo "format-check: $bad file(s) differ from .clang-format (make format rewrites them):"
		sed -n 's/^\(.*:[0-9]*:[0-9]*\): error: code should be clang-formatted.*/  \1/p' "$list.out"
		exit 1
	fi
	if grep -q . "$list.out"; then
		cat "$list.out" >&2
		exit 2
	fi
	echo "format-check: $(wc -l <"$list") files agree with .clang-format"
	;;
fix)
	xargs "$cf" --style=file -i <"$list"
	;;
count)
	files=0
	lines=0
	while read -r f; do
		n=$("$cf" --style=file "$f" | diff "$f" - | grep -c '^[<>]' || true)
		if [ "$n" -gt 0 ]; then
			files=$((files + 1))
			lines=$((lines + n))
		fi
	done <"$list"
	echo "$files of $(wc -l <"$list") files differ, $lines lines"
	;;
*)
	echo "usage: format.sh check|fix|count" >&2
	exit 2
	;;
esac
