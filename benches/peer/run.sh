#!/usr/bin/env bash
# Side-by-side re-anchoring: Marginalia's matcher vs Hypothesis's (approx-string-match).
# Usage (repo root): benches/peer/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cases="${TMPDIR:-/tmp}/marginalia-peer-cases.json"
(cd benches/peer && npm install --no-audit --no-fund --loglevel=error --no-package-lock >/dev/null)
cargo run --quiet --release --example peer_cases -- "$cases"
node benches/peer/hypothesis.mjs "$cases"
