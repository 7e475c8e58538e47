#!/usr/bin/env node
// npm runs this before `npm pack` and `npm publish`. A fresh clone has no lib/: packing it would
// give a package that installs and then fails to load. Compile when lib/ is missing or older than
// any source file; otherwise (the build has just compiled) do nothing.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

/** The newest modification time of the files under a folder. */
function newestFile(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFile(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Why the package at `root` must be compiled before it is packed, or undefined when lib/ is current. */
function compileReason(root) {
  const assembly = path.join(root, '.jsii');
  if (!fs.existsSync(path.join(root, 'lib', 'index.js')) || !fs.existsSync(assembly)) return 'no lib/ yet';
  return fs.statSync(assembly).mtimeMs < newestFile(path.join(root, 'src')) ? 'src/ changed since the last compile' : undefined;
}

function main() {
  const root = path.join(__dirname, '..');
  const reason = compileReason(root);
  if (reason === undefined) return;
  console.error(`prepack: ${reason}: compiling`);
  const compile = spawnSync('npx', ['projen', 'compile'], { cwd: root, stdio: 'inherit' });
  if (compile.status !== 0) {
    console.error('prepack: the compile failed; not packing a package without its code');
    process.exit(1);
  }
}

module.exports = { compileReason };
if (require.main === module) main();
