#!/usr/bin/env bash
# Side-by-side search: Marginalia's index vs ripgrep (`rg -i -F`) over the same folded
# texts of the search benchmark's 100 MB corpus, query by query, in one run.
# Usage (repo root): benches/peer/search.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v rg >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y ripgrep >/dev/null
  else
    cargo install ripgrep
  fi
fi
rg --version | head -1
dir="${TMPDIR:-/tmp}/marginalia-search-peer"
cargo run --quiet --release --example search_peer -- "$dir"
rm -rf "$dir"
