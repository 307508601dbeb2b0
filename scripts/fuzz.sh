#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ for a bounded time each and prints the
# executions per target. Usage:
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain the build uses
# RUSTC_BOOTSTRAP=1 for libFuzzer's instrumentation flags. Without a sanitizer
# (`-s none`): our crate forbids `unsafe`, so what is hunted is panics, hangs and
# runaway memory, and the plain build runs several times more inputs per second.
# Corpora start from the repository's own fixtures and sample project (and the seeds
# in ../shared/seeds when present); crashes land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
all=(project_ron bibtex ris csl_json decode markdown html docx pdf reading_text figures)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

export RUSTC_BOOTSTRAP=1
(cd fuzz && cargo fuzz build -O -s none >/dev/null)

seed() { # seed TARGET FILE...
  local dir="fuzz/corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp -n "$f" "$dir/seed-$(basename "$f")"; done
  return 0
}
shared=../shared/seeds
seed project_ron sample_projects/*/project.ron
seed bibtex tests/fixtures/*.bib
seed ris tests/fixtures/*.ris
seed csl_json tests/fixtures/*.json
seed decode sample_projects/documents/*.txt tests/fixtures/*.md $shared/*
seed markdown tests/fixtures/*.md
seed html tests/fixtures/*.html
seed docx tests/fixtures/*.docx
seed pdf tests/fixtures/*.pdf
seed reading_text sample_projects/documents/*.txt $shared/*
seed figures sample_projects/documents/*.txt $shared/*

# Text formats mutate fastest on short inputs (seed documents are cut to this
# length); binary containers need whole files.
max_len() { case "$1" in pdf|docx) echo 262144 ;; *) echo 8192 ;; esac; }

printf '%-14s %12s %8s %s\n' target executions seconds result
for t in "${targets[@]}"; do
  log="fuzz/artifacts/$t.log"
  mkdir -p "fuzz/artifacts/$t"
  status=ok
  # The binaries built above, run directly (`cargo fuzz run` would rebuild first).
  "fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release/$t" -artifact_prefix="fuzz/artifacts/$t/" \
      -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=4096 -timeout=30 -max_len="$(max_len "$t")" \
      "fuzz/corpus/$t" >"$log" 2>&1 || status="FAILED (see $log)"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  printf '%-14s %12s %8s %s\n' "$t" "$execs" "$seconds" "$status"
done
