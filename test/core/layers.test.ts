import * as fs from 'fs';
import * as path from 'path';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { ELB_LOG_DELIVERY_ACCOUNTS } from '../../src/core/aws/elb-accounts';

// The core's folders, lowest first: a file imports from its own folder or from folders before it in
// this list, never after (README, "How it is built", says what each holds).
const LAYERS = ['base', 'aws', 'capacity', 'options', 'tiers', 'report', 'service', 'region'];
const CORE = path.join(__dirname, '..', '..', 'src', 'core');

/** Every core source file (relative to src/core) with the specifiers it imports. */
function coreImports(): Map<string, string[]> {
  const files = fs.readdirSync(CORE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return new Map(files.map((file) => {
    const source = fs.readFileSync(path.join(CORE, file), 'utf8');
    return [file, [...source.matchAll(/^(?:import|export)[^;]*? from '([^']+)'/gm)].map((m) => m[1])];
  }));
}
const imports = coreImports();
/** The core file (relative to src/core) a relative specifier names, or undefined outside the core. */
function target(file: string, spec: string): string | undefined {
  const resolved = path.relative(CORE, path.resolve(path.dirname(path.join(CORE, file)), spec));
  return resolved.startsWith('..') ? undefined : `${resolved}.ts`;
}

// The core is shared by the CloudFormation and the Terraform renderer: it may import neither, nor
// anything outside itself.
test('src/core imports nothing but itself', () => {
  expect(imports.size).toBeGreaterThan(20);
  for (const [file, specs] of imports) {
    for (const spec of specs) expect({ file, spec, inCore: spec.startsWith('.') && target(file, spec) !== undefined }).toEqual({ file, spec, inCore: true });
  }
});

test('every core file sits in a layer folder and imports only from its own layer or lower ones', () => {
  for (const [file, specs] of imports) {
    const layer = LAYERS.indexOf(file.split(path.sep)[0]);
    expect({ file, inALayer: layer >= 0 && file.includes(path.sep) }).toEqual({ file, inALayer: true });
    for (const spec of specs) {
      const to = target(file, spec)!;
      const toLayer = LAYERS.indexOf(to.split(path.sep)[0]);
      expect({ file, imports: to, upward: toLayer > layer }).toEqual({ file, imports: to, upward: false });
    }
  }
});

test('no import circle in the core', () => {
  const visiting = new Set<string>();
  const done = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string, trail: string[]) => {
    if (done.has(file)) return;
    if (visiting.has(file)) { circles.push([...trail.slice(trail.indexOf(file)), file]); return; }
    visiting.add(file);
    for (const spec of imports.get(file) ?? []) {
      const to = target(file, spec);
      if (to && imports.has(to)) visit(to, [...trail, file]);
    }
    visiting.delete(file);
    done.add(file);
  };
  for (const file of imports.keys()) visit(file, []);
  expect(circles).toEqual([]);
});

test('every source file opens with a comment that says what it holds', () => {
  const src = path.join(__dirname, '..', '..', 'src');
  const files = fs.readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(100);
  for (const file of files) {
    const source = fs.readFileSync(path.join(src, file), 'utf8');
    expect({ file, opensWithComment: /^(#![^\n]*\n)?(\/\*\*|\/\/)/.test(source) }).toEqual({ file, opensWithComment: true });
  }
});

// The Terraform flavor runs in cdktf apps that have no aws-cdk-lib (an optional peer), and the
// CloudFormation flavor in CDK apps without cdktf: neither may load the other's framework.
test.each([
  ['src/tf', 'aws-cdk-lib'],
  ['src/service', 'cdktf'],
  ['src/rules', 'cdktf'],
])('%s loads nothing of %s', (folder, framework) => {
  const root = path.join(__dirname, '..', '..', folder);
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    // Type-only imports vanish from the JavaScript; only value imports load a module.
    const loaded = [...source.matchAll(/^import (?!type )[^;]*? from '([^']+)'/gm)].map((m) => m[1]);
    expect({ file, loads: loaded.filter((spec) => spec === framework || spec.startsWith(`${framework}/`)) }).toEqual({ file, loads: [] });
  }
});

test('the load balancer log-delivery accounts the core knows are aws-cdk-lib\'s region facts', () => {
  const known = Object.fromEntries(RegionInfo.regions.filter((r) => r.elbv2Account).map((r) => [r.name, r.elbv2Account]));
  expect(ELB_LOG_DELIVERY_ACCOUNTS).toEqual(known);
});
