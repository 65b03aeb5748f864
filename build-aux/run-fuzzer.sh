#!/bin/sh
# Runs a libFuzzer target for a few seconds on a copy of its corpus and
# prints what it did: executions, and crashes (any crash fails the test).
set -eu
target=$1
corpus=$2
seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus"/. "$work/"
# Memory as the program may use it (512 MB in all, 256 MB at once): a file
# that expands a thousandfold is found, not hidden by libFuzzer's 2 GB. The
# seeds of hostile shapes (a long quoted cell, many columns) are up to 256 KB.
# AddressSanitizer keeps freed memory aside (256 MB by default), which
# would count against that limit over a run of thousands of inputs: a
# small quarantine leaves the limit to what one input holds.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16" \
"$target" -max_total_time="$seconds" -max_len=262144 -timeout=10 -print_final_stats=1 \
  -rss_limit_mb=512 -malloc_limit_mb=256 \
  -artifact_prefix="$work/crash-" "$work" 2>"$work/log" || { tail -40 "$work/log"; exit 1; }
grep -E "^stat::number_of_executed_units|^#[0-9]+ *DONE" "$work/log" | tail -2
echo "crashes: 0"
