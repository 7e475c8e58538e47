import * as fs from 'fs';
import * as path from 'path';

// The core is shared by the CloudFormation and (later) the Terraform renderer: it may import
// neither, nor anything outside itself.
test('src/core imports nothing but itself', () => {
  const dir = path.join(__dirname, '..', '..', 'src', 'core');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    for (const spec of imports) expect({ file, spec, local: spec.startsWith('./') }).toEqual({ file, spec, local: true });
  }
});
