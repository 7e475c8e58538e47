import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// `npm pack` on a fresh clone: the prepack script compiles when lib/ is missing or stale.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compileReason } = require('../scripts/prepack');

describe('prepack', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'has-prepack-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const touch = (file: string, seconds: number) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), '');
    fs.utimesSync(path.join(root, file), seconds, seconds);
  };

  test('compiles a fresh clone, which has no lib/', () => {
    touch('src/index.ts', 1000);
    expect(compileReason(root)).toBe('no lib/ yet');
  });

  test('does nothing right after a compile, and compiles again once a source changed', () => {
    touch('lib/index.js', 2000);
    touch('.jsii', 2000);
    expect(compileReason(root)).toBeUndefined();
    touch('src/core/service/plan.ts', 3000);
    expect(compileReason(root)).toBe('src/ changed since the last compile');
  });
});
