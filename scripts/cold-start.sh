#!/usr/bin/env bash
# Cold start to the first painted frame, release build, under one Xvfb: Marginalia
# reopening its last project (no argument: the project comes from its saved
# preferences, as after a restart) against the minimal eframe app (the floor).
# Each program runs RUNS times (default 11); the time is from just before the
# process is started to the moment its first frame has been presented (the program
# prints the clock then: MARGINALIA_STARTUP_PROBE, see src/ui/app.rs), median and
# range. Marginalia is also timed to the first frame that shows the opened project.
# Usage (repo root): scripts/cold-start.sh [PROJECT]   (default: sample_projects/migrants-1905)
# Needs: apt-get install -y xvfb xdotool imagemagick libgl1-mesa-dri libxkbcommon-x11-0
set -euo pipefail
cd "$(dirname "$0")/.."
project=${1:-sample_projects/migrants-1905}
runs=${RUNS:-11}
command -v Xvfb >/dev/null || apt-get install -y xvfb libgl1-mesa-dri libxkbcommon-x11-0 >/dev/null
cargo build --quiet --release --bin marginalia --example minimal_eframe
target="${CARGO_TARGET_DIR:-target}/release"
work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r "$project" "$work/project"
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
Xvfb :77 -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
export DISPLAY=:77
sleep 1

# ms from launch to the printed clock, one run
once() {
  local t0 out
  t0=$(date +%s%N)
  out=$(MARGINALIA_STARTUP_PROBE="$1" "${@:2}" 2>/dev/null | grep -m1 first-frame-ns | cut -d' ' -f2)
  echo "scale=1; ($out - $t0) / 1000000" | bc
}
measure() {
  local label=$1; shift
  local times=()
  for _ in $(seq "$runs"); do times+=("$(once "$@")"); done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  echo "$label: median $(echo "$sorted" | sed -n "$(((runs + 1) / 2))p") ms [$(echo "$sorted" | head -1) – $(echo "$sorted" | tail -1)] over $runs runs"
}

# The first run opens the project by path and saves it as the last one.
once frame "$target/marginalia" "$work/project" >/dev/null
once frame "$target/examples/minimal_eframe" >/dev/null
measure "minimal eframe app, first frame" frame "$target/examples/minimal_eframe"
measure "Marginalia reopening $(basename "$project"), first frame" frame "$target/marginalia"
measure "Marginalia reopening $(basename "$project"), first frame with the project" project "$target/marginalia"
