#!/bin/bash
# Measures idle CPU of a GUI program: 6 s to settle, then CPU time over 10 s from /proc/PID/stat.
# Usage (under Xvfb): xvfb-run -a -s "-screen 0 1400x900x24" scripts/idle-cpu.sh target/debug/marginalia sample_projects/migrants-1905
"$@" & app=$!
sleep 6
t0=$(awk '{print $14+$15}' /proc/$app/stat)
sleep 10
t1=$(awk '{print $14+$15}' /proc/$app/stat)
echo "cpu% over 10s: $(echo "scale=2; ($t1-$t0)/10" | bc)"
import -window root "${IDLE_SHOT:-idle.png}"
kill $app
