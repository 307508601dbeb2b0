#!/usr/bin/env bash
# Rebuilds sample_projects/migrants-1905 from sample_projects/documents with the
# marginalia CLI itself. Run from the repo root: scripts/make-sample.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
m() { "${CARGO_TARGET_DIR:-target}/debug/marginalia" "$@"; }
P=sample_projects/migrants-1905
D=sample_projects/documents
rm -rf "$P"
m new "$P" --title "Korean migrants to Mexico, 1905"
m add "$P" "$D/passenger-list-summary.txt" "$D/arrival-record.txt" "$D/memorial-plate.txt" \
  "$D/commission-report-excerpt.txt" "$D/later-essay.txt" >/dev/null
NOTE="Illustrative sample; figures as reported in"
m meta "$P" s1 --type report --title "Passenger list summary: the Ilford, Chemulpo, April 1905" \
  --author "{Marginalia sample}" --issued 1905-04 \
  --note "$NOTE Kim, V. (2021), How South Korea Builds its Soft Power in Latin America (Central Asia Program)."
m meta "$P" s2 --type document --title "Arrival record, Progreso and Mérida" --author "{Marginalia sample}" --issued 1905-05-15 \
  --note "$NOTE Kim (2021), endnotes 1 and 9."
m meta "$P" s3 --type document --title "Memorial plate, Korean cultural centre, Mérida" --author "{Marginalia sample}" --issued 2021 \
  --note "$NOTE Kim (2021)."
m meta "$P" s4 --type report --title "Building a Strategic Partnership between Mexico and Korea for the 21st Century (excerpt)" \
  --author "{Mexico-Korea 21st Century Commission}" --issued 2005 --publisher "Secretaría de Relaciones Exteriores" --place "Mexico City" \
  --note "$NOTE the Commission's Final Report (2005); the wording here is ours."
m meta "$P" s5 --type webpage --title "Diaspora and soft power: a later essay" --author "Kim, Victoria" --issued 2021 \
  --container "Central Asia Program" --note "$NOTE Kim (2021); paraphrased."

fig() { m annotate "$P" --source "$1" --quote "$2" --kind figure "${@:3}"; }
A1=$(fig s1 "1,033 Korean labour migrants" --tag boarded --note "Counted at embarkation, Chemulpo." --locator "¶ 1")
A2=$(fig s2 "1,014" --nth 1 --tag arrived --note "Registered in Mérida on 15 May 1905." --locator "¶ 1")
A3=$(fig s2 "1,014" --nth 2 --tag arrived --note "Same count, dated 14 May." --locator "¶ 2")
A4=$(fig s3 "1,019" --tag plaque --note "Number on the plate; no source given.")
A5=$(fig s4 "702 men, 135 women and 196 children" --tag boarded --note "Parts sum to 1,033: the embarkation count." --locator "Table 3")
A6=$(fig s5 "over 1,000 workers" --note "Rounded; compatible with every other figure.")
C1=$(m annotate "$P" --source s2 --quote "deaths and desertions during the voyage" --kind claim --tag explanation)
m link "$P" "$A4" "$A2" --relation contradicts --note "Plate 1,019 vs paperwork 1,014: unexplained." >/dev/null
m link "$P" "$A2" "$A1" --relation explains --note "Arrivals vs embarkations: losses on the voyage." >/dev/null
m link "$P" "$A5" "$A1" --relation supports --note "Breakdown sums to the embarkation count." >/dev/null
m link "$P" "$A3" "$A2" --relation same-as >/dev/null
m link "$P" "$C1" "$A2" --relation explains >/dev/null
m link "$P" "$A6" "$A1" --relation supports >/dev/null
m set "$P" "$A1" "$A5" "$A2" "$A3" "$A4" "$A6" --subject "Korean migrants reaching Mexico, 1905" --verdict conflict \
  --rationale "1,033 boarded and the breakdown agrees; 1,014 arrived (losses at sea explain the gap); the plate's 1,019 has no stated source and contradicts the paperwork." \
  --role "$A1=boarded" --role "$A5=boarded (breakdown)" --role "$A2=arrived" --role "$A3=arrived" --role "$A4=plaque" --role "$A6=rounded" >/dev/null
m check "$P"
rm -f "$P/project.ron.bak" "$P"/sources/*.bak
