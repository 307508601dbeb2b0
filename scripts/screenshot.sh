#!/usr/bin/env bash
# Runs the app under Xvfb on a project and writes a PNG screenshot.
# Usage: scripts/screenshot.sh [PROJECT] [OUT.png]
# Needs: apt-get install -y xvfb imagemagick libgl1-mesa-dri libxkbcommon-x11-0 xdotool
# SHOT_ACTIONS runs before the shot, e.g. (there is no window manager, so give the
# window keyboard focus before typing):
#   SHOT_ACTIONS='W=$(xdotool search --name Marginalia | head -1); xdotool windowfocus $W;
#     xdotool mousemove 245 211 mousedown 1 mousemove 330 211 mouseup 1; xdotool key 1'
set -euo pipefail
cd "$(dirname "$0")/.."
project=${1:-sample_projects/migrants-1905}
out=${2:-screenshot.png}
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/marginalia"
xvfb-run -a -s "-screen 0 1400x900x24" bash -c "
  '$bin' '$project' & app=\$!
  sleep \${SHOT_DELAY:-6}
  ${SHOT_ACTIONS:-true}
  sleep 1
  import -window root '$out'
  kill \$app"
echo "wrote $out"
