#!/usr/bin/env bash
# Frame times while a large project opens (issue 17: the open runs off the UI thread
# and "the window keeps painting, frame <= 16 ms during the load"). Writes the
# generated project of the load benchmark (examples/big_project.rs: 50 sources,
# 100,000 annotations by default), then RUNS times (default 5) starts the release app
# on it under Xvfb with MARGINALIA_FRAME_PROBE (src/ui/frame_probe.rs): the app times
# every frame while the open job runs, the frame the project lands in and the 60
# frames after, asking for frames without pause, then closes. Prints, over all runs,
# the median and the largest time spent in App::ui per frame for the frames during
# the job, the landing frames and the frames after (the window's first frame, which
# sets up fonts, apart), and the same for each frame's start to the next one's (the
# whole frame: ours, tessellation, painting; under Xvfb painting is Mesa's software
# renderer on the CPU, so these depend on the machine more than on the app).
# Usage (repo root): scripts/frame-times.sh [ANNOTATIONS]   (RUNS=5, KEEP=DIR keeps the logs)
# Needs: xvfb-run (apt-get install -y xvfb libgl1-mesa-dri libxkbcommon-x11-0)
set -euo pipefail
cd "$(dirname "$0")/.."
annotations=${1:-100000}
runs=${RUNS:-5}
cargo build --quiet --release --bin marginalia --example big_project
target="${CARGO_TARGET_DIR:-target}/release"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$target/examples/big_project" "$work/project" "$annotations"
# Preferences and eframe's memory in the scratch folder, not the user's.
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
for i in $(seq "$runs"); do
  MARGINALIA_FRAME_PROBE="$work/frames-$i.txt" timeout 300 \
    xvfb-run -a -s "-screen 0 1400x900x24" "$target/marginalia" "$work/project" >/dev/null 2>&1 || true
  if [ ! -s "$work/frames-$i.txt" ]; then
    echo "run $i: no frame log (did the app start? try: xvfb-run -a $target/marginalia $work/project)" >&2
    exit 1
  fi
  echo "run $i: $(grep -c ' job ' "$work/frames-$i.txt") frames during the job, $(grep '^# landed' "$work/frames-$i.txt" | cut -c3-)"
done
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$work"/frames-*.txt "$KEEP"/; fi
# median and max of column $2 (3: update_ms, 4: interval_ms) for the phase $1
summary() {
  cat "$work"/frames-*.txt | awk -v phase="$1" -v col="$2" '!/^#/ && $2 == phase && $col != "-" { print $col }' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) { print "none"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
      printf "median %.2f ms, max %.2f ms over %d frames", m, v[NR], NR }'
}
echo "project: $annotations annotations, 50 sources; $runs runs; load $(uptime | sed 's/.*load average: //')"
for phase in first job landed after; do
  echo "$phase: in App::ui $(summary $phase 3); whole frame (start to next start) $(summary $phase 4)"
done
