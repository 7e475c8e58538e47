#!/usr/bin/env node
// npm runs this before `npm pack` and `npm publish`. A fresh clone has no lib/: packing it would
// give a package that installs and then fails to load. Compile when lib/ is missing or older than
// any source file; otherwise (the build has just compiled) do nothing.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const assembly = path.join(root, '.jsii');
const index = path.join(root, 'lib', 'index.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(index) && fs.existsSync(assembly) ? fs.statSync(assembly).mtimeMs : 0;
if (built >= newestSource(path.join(root, 'src'))) process.exit(0);
console.error(built ? 'prepack: src/ changed since the last compile: compiling' : 'prepack: no lib/ yet: compiling');
const compile = spawnSync('npx', ['projen', 'compile'], { cwd: root, stdio: 'inherit' });
if (compile.status !== 0) {
  console.error('prepack: the compile failed; not packing a package without its code');
  process.exit(1);
}
