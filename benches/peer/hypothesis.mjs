// Hypothesis-style re-anchoring on the cases written by `examples/peer_cases.rs`:
// approx-string-match's Myers search with at most quote.length/2 errors (capped at
// 256), candidates scored on quote 50, prefix 20, suffix 20, position 2 — the
// weights of Hypothesis's match-quote. Prints accuracy and time like the Rust side.
import { readFileSync } from "node:fs";
import search from "approx-string-match";

function similarity(a, b) {
  if (a.length === 0 && b.length === 0) return 1;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(diag + (a[i - 1] === b[j - 1] ? 0 : 1), up + 1, prev[j - 1] + 1);
      diag = up;
    }
  }
  return 1 - prev[b.length] / Math.max(a.length, b.length);
}

function matchQuote(text, quote, prefix, suffix, hint) {
  const maxErrors = Math.min(256, Math.floor(quote.length / 2));
  const matches = search(text, quote, maxErrors);
  if (matches.length === 0) return null;
  let best = null;
  for (const m of matches) {
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = similarity(prefix, text.slice(Math.max(0, m.start - prefix.length), m.start));
    const suffixScore = similarity(suffix, text.slice(m.end, m.end + suffix.length));
    const posScore = 1 - Math.abs(m.start - hint) / text.length;
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
    if (!best || score > best.score) best = { ...m, score };
  }
  return best;
}

const cases = JSON.parse(readFileSync(process.argv[2] ?? "cases.json", "utf8"));
// approx-string-match works on UTF-16 code units and the cases' offsets are code
// points: texts with chars outside the BMP (some seeds) have their offsets mapped.
function unitsToPoints(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (u) => u;
  const map = new Int32Array(text.length + 1);
  let p = 0;
  for (let u = 0; u < text.length; u++) {
    map[u] = p;
    const c = text.charCodeAt(u);
    if (!(c >= 0xd800 && c <= 0xdbff)) p++;
  }
  map[text.length] = p;
  return (u) => map[u];
}
function pointsToUnits(text, point) {
  if (!/[\uD800-\uDFFF]/.test(text)) return point;
  let u = 0;
  for (let p = 0; p < point && u < text.length; p++) u += text.codePointAt(u) > 0xffff ? 2 : 1;
  return u;
}
for (const group of ["generated", "seeds"]) {
  const these = cases.filter((c) => (c.group ?? "generated") === group);
  if (these.length === 0) continue;
  let right = 0, wrong = 0, missed = 0, ms = 0;
  for (const c of these) {
    const toPoint = unitsToPoints(c.text);
    const t = performance.now();
    const m = matchQuote(c.text, c.quote, c.prefix, c.suffix, pointsToUnits(c.text, c.hint));
    ms += performance.now() - t;
    if (!m) { missed++; continue; }
    const ts = c.true_start, te = c.true_end;
    if (Math.abs(toPoint(m.start) - ts) <= 3 && Math.abs(toPoint(m.end) - te) <= 3) right++; else wrong++;
  }
  console.log(`hypothesis (${group}): ${these.length} cases: ${right} right, ${wrong} wrong, ${missed} not found; ${ms.toFixed(1)} ms total`);
}
