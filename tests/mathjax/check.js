#!/usr/bin/env node
// Typeset TeX fragments with MathJax 3 (mathjax-full), the engine behind Jupyter, Obsidian
// and GitHub, and report every TeX error.
//
// Input (stdin): one JSON object per line, {"id": <any>, "tex": "<fragment>", "display": <bool>}.
// Output (stdout): one JSON object per input line, {"id": <same>, "ok": <bool>, "error": <string|null>}.
// Exit status: 0 when every line was processed (whatever the verdicts), 2 on a malformed input line.
//
// A fragment fails when the TeX input jax raises an error (undefined control sequence,
// unbalanced braces, misplaced &, unknown environment, ...) or the MathML it produces
// contains an <merror>.  The "noundefined" and "noerrors" packages are never loaded, so
// nothing is silently shown in red instead of failing.
//
// Packages: those a browser page has without extra configuration (base, ams, newcommand,
// plus boldsymbol, which browsers autoload); override with MATHJAX_PACKAGES=base,ams,...
'use strict';

const readline = require('readline');
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {HTMLDocument} = require('mathjax-full/js/handlers/html/HTMLDocument.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {STATE} = require('mathjax-full/js/core/MathItem.js');
const {SerializedMmlVisitor} = require('mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js');
require('mathjax-full/js/input/tex/AllPackages.js');  // registers every package; we enable a few

const DEFAULT_PACKAGES = ['base', 'ams', 'newcommand', 'boldsymbol'];
const packages = (process.env.MATHJAX_PACKAGES || DEFAULT_PACKAGES.join(','))
  .split(',').map((p) => p.trim()).filter((p) => p && p !== 'noundefined' && p !== 'noerrors');

function makeDocument() {
  const tex = new TeX({
    packages,
    formatError: (_jax, err) => { throw err; },  // fail loudly instead of drawing an error box
  });
  return new HTMLDocument('', liteAdaptor(), {InputJax: tex});
}

const visitor = new SerializedMmlVisitor();
let html = makeDocument();

function check(tex, display) {
  try {
    const node = html.convert(tex, {display: Boolean(display), end: STATE.CONVERT});
    const mml = visitor.visitTree(node, html);
    if (mml.includes('<merror')) {
      const message = /<mtext[^>]*>([^<]*)<\/mtext>/.exec(mml);
      return message ? message[1] : 'MathJax produced an error node';
    }
    return null;
  } catch (err) {
    html = makeDocument();  // a failure may leave macro state behind; start clean
    return String((err && err.message) || err);
  }
}

const rl = readline.createInterface({input: process.stdin, crlfDelay: Infinity});
rl.on('line', (line) => {
  if (!line.trim()) return;
  let item;
  try {
    item = JSON.parse(line);
  } catch (err) {
    process.stderr.write(`check.js: not a JSON line: ${line.slice(0, 80)}\n`);
    process.exit(2);
  }
  const error = check(String(item.tex), item.display);
  process.stdout.write(JSON.stringify({id: item.id, ok: error === null, error}) + '\n');
});
rl.on('close', () => process.exit(0));
