#!/usr/bin/env node
'use strict';
// In-text citations as citeproc-js (the CSL processor Zotero uses) writes them: every item
// of ITEMS.json registered (so citations are told apart among all of them), then one
// citation of each item alone, in the file's order, one per line. Uses the shared
// validators' citeproc-js install, styles and locale.
// Usage: scripts/citeproc-citations.js STYLE ITEMS.json
const path = require('path');
const c = require(path.resolve(__dirname, '../../shared/validators/citeproc/lib/common.js'));
const fs = require('fs');

function main() {
  const [styleArg, file] = process.argv.slice(2);
  if (!styleArg || !file) {
    process.stderr.write('usage: citeproc-citations.js STYLE ITEMS.json\n');
    process.exit(2);
  }
  const { CSL } = c.loadDeps();
  const style = c.resolveStyle(styleArg);
  const items = c.loadItems(file);
  const byId = new Map(items.map((it) => [String(it.id), it]));
  const sys = {
    retrieveItem: (id) => byId.get(String(id)),
    retrieveLocale: (lang) => {
      try {
        return fs.readFileSync(path.join(c.HERE, 'locales', `locales-${lang}.xml`), 'utf8');
      } catch (e) {
        return false;
      }
    },
  };
  const engine = new CSL.Engine(sys, style.xml, 'en-US', true);
  engine.setOutputFormat('html');
  engine.updateItems(items.map((it) => String(it.id)));
  for (const it of items) {
    const html = engine.makeCitationCluster([{ id: String(it.id) }]);
    process.stdout.write(c.htmlToText(html) + '\n');
  }
}

try {
  main();
} catch (e) {
  process.stderr.write(`citeproc-citations: ${e.message || e}\n`);
  process.exit(e.code || 3);
}
