#!/usr/bin/env bash
# Side-by-side reference list: Marginalia (release build, `export --format bibliography`)
# vs citeproc-js in node (`format-bibliography`, the shared validator), on the same
# generated CSL-JSON items and the same CSL style. Both timed end to end (process start,
# reading the items or project, formatting, writing), median of RUNS runs each; the
# entries are compared with `compare-bibliography` in the same run.
# Usage (repo root): benches/peer/bibliography.sh [STYLE] [N]   (defaults: apa 1000)
set -euo pipefail
cd "$(dirname "$0")/../.."
style=${1:-apa}
n=${2:-1000}
runs=${RUNS:-5}
V=../shared/validators/citeproc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --release
bin="${CARGO_TARGET_DIR:-target}/release/marginalia"
"$V/make-corpus" "$n" --seed 7 > "$work/items.json"
"$V/make-corpus" "$n" --seed 7 --citeproc-safe > "$work/safe.json"
"$bin" new "$work/p" >/dev/null
"$bin" add "$work/p" --bib "$work/items.json" >/dev/null 2>&1
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { local t0 t1; t0=$(date +%s%N); "$@" > "$work/out.txt" 2>/dev/null; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
ours=$(for _ in $(seq "$runs"); do ms "$bin" export "$work/p" --format bibliography --style "$style"; done | median)
cp "$work/out.txt" "$work/ours.txt"
theirs=$(for _ in $(seq "$runs"); do ms "$V/format-bibliography" "$style" "$work/safe.json"; done | median)
same=$("$V/compare-bibliography" "$style" "$work/safe.json" "$work/ours.txt" 2>/dev/null | tail -1 || true)
echo "style $style, $n references, median of $runs runs (end to end):"
echo "  marginalia export --format bibliography: ${ours} ms"
echo "  citeproc-js format-bibliography (node):  ${theirs} ms"
echo "  ratio ours/citeproc-js: $(echo "scale=2; $ours / $theirs" | bc)"
echo "  $same"
